import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { GatewaysList } from "@/components/gateways/gateways-list";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Gateways" };

export default async function GatewaysPage() {
  const { user } = await requirePortalRole(PUBLISHER_ROLES);
  return (
    <>
      <PageHeader title="Gateways" description="Where clients connect: the managed gateway serves every API; self-hosted gateways serve the APIs assigned to them." />
      <GatewaysList canManage={user.role === "administrator"} />
    </>
  );
}
