import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { Dashboard } from "@/components/observability/dashboard";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <>
      <PageHeader title="Dashboard" description="Connection attempts, open connections, messages and handshake latency across every API and gateway." />
      <Dashboard apiId={null} />
    </>
  );
}
