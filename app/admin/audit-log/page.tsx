import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { AuditLog } from "@/components/audit/audit-log";
import { ADMINISTRATOR_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage() {
  await requirePortalRole(ADMINISTRATOR_ROLES);
  return (
    <>
      <PageHeader title="Audit log" description="Every change to the configuration, who made it, and what it looked like before and after. Secrets are redacted." />
      <AuditLog />
    </>
  );
}
