import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { Dashboard } from "@/components/observability/dashboard";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "API dashboard" };

export default async function ApiDashboardPage({ params }: { params: Promise<{ apiId: string }> }) {
  await requirePortalRole(PUBLISHER_ROLES);
  const { apiId } = await params;
  const id = decodeURIComponent(apiId);
  return (
    <>
      <PageHeader title={id} breadcrumbs={[{ href: "/admin/dashboard", label: "Dashboard" }]} description="This API's traffic on every gateway that serves it." />
      <Dashboard apiId={id} />
    </>
  );
}
