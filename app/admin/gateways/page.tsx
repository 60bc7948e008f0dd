import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { GatewaysIcon } from "@/components/ui/icons";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Gateways" };

export default async function Page() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <ComingSoon
      title="Gateways"
      description="The managed gateway and self-hosted ones, and which APIs each serves."
      icon={<GatewaysIcon className="h-6 w-6" />}
      api="/api/management/gateways"
    />
  );
}
