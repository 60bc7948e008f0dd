import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/admin/page-header";
import { LogsExplorer } from "@/components/observability/logs-explorer";
import { ListSkeleton } from "@/components/ui/resource-states";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";

export const metadata: Metadata = { title: "Gateway logs" };

export default async function LogsPage() {
  await requirePortalRole(PUBLISHER_ROLES);
  return (
    <>
      <PageHeader title="Gateway logs" description="One row per WebSocket handshake attempt, completed when the connection closes. Subscription keys and tokens are redacted." />
      <Suspense fallback={<ListSkeleton label="Loading the gateway logs" />}>
        <LogsExplorer />
      </Suspense>
    </>
  );
}
