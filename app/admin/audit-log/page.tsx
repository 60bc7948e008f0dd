import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { AuditIcon } from "@/components/ui/icons";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Audit log" };

export default async function Page() {
  await requirePortalRole(["administrator"]);
  return (
    <ComingSoon
      title="Audit log"
      description="Every change to the configuration: who did what, and when."
      icon={<AuditIcon className="h-6 w-6" />}
      api="/api/management/auditLogs"
    />
  );
}
