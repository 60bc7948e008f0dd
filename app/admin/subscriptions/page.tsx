import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { SubscriptionsIcon } from "@/components/ui/icons";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Subscriptions" };

export default async function Page() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <ComingSoon
      title="Subscriptions"
      description="Subscription keys developers use to call your APIs, and their state."
      icon={<SubscriptionsIcon className="h-6 w-6" />}
      api="/api/management/subscriptions"
    />
  );
}
