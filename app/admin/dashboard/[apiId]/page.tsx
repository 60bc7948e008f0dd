import type { Metadata } from "next";
import Link from "next/link";
import { eq } from "drizzle-orm";
import { PageHeader } from "@/components/admin/page-header";
import { Dashboard } from "@/components/observability/dashboard";
import { apis } from "@/db/schema/index";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { requirePortalRole } from "@/server/auth/session";
import { getDb } from "@/server/db";

type Props = { params: Promise<{ apiId: string }> };

/** The API's display name, or null when it is gone (its traffic stays in the metrics). */
function displayNameOf(apiId: string): string | null {
  return getDb().select({ displayName: apis.displayName }).from(apis).where(eq(apis.id, apiId)).get()?.displayName ?? null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = decodeURIComponent((await params).apiId);
  return { title: `${displayNameOf(id) ?? id} · Dashboard` };
}

/** One API's dashboard, titled by its display name (its id underneath, linked to the API's page). */
export default async function ApiDashboardPage({ params }: Props) {
  await requirePortalRole(PUBLISHER_ROLES);
  const id = decodeURIComponent((await params).apiId);
  const name = displayNameOf(id);
  return (
    <>
      <PageHeader
        title={<span title={id}>{name ?? id}</span>}
        breadcrumbs={[{ href: "/admin/dashboard", label: "Dashboard" }]}
        description={
          <>
            This API&apos;s traffic on every gateway that serves it.{" "}
            {name === null ? (
              <span data-testid="dashboard-api-id">
                API <code className="font-mono text-xs">{id}</code> no longer exists.
              </span>
            ) : (
              <Link href={`/admin/apis/${encodeURIComponent(id)}`} className="font-medium text-indigo-700 hover:underline" data-testid="dashboard-api-link">
                API <code className="font-mono text-xs">{id}</code>
              </Link>
            )}
          </>
        }
      />
      <Dashboard apiId={id} />
    </>
  );
}
