import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { LiveConnections } from "@/components/observability/live-connections";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Live connections" };

export default async function ConnectionsPage() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <>
      <PageHeader title="Live connections" description="WebSocket connections open through the gateways right now. Closing one sends 1008 with your reason to both sides." />
      <LiveConnections />
    </>
  );
}
