import { PageHeader } from "@/components/admin/page-header";
import { Badge } from "@/components/ui/badge";
import { LockIcon } from "@/components/ui/icons";
import type { ApiRow } from "@/server/apis/to-api-contract";

/** The API page's title: its name, description, and badges for the protocol, the key and whether it is published. */
export function ApiPageHeader({ api, published }: { api: ApiRow; published: boolean }) {
  return (
    <PageHeader
      title={api.displayName}
      breadcrumbs={[{ href: "/apis", label: "APIs" }]}
      description={api.description || undefined}
      badges={
        <>
          <Badge tone="indigo">WebSocket</Badge>
          {api.subscriptionRequired ? (
            <Badge>
              <LockIcon className="h-3 w-3" />
              Key required
            </Badge>
          ) : (
            <Badge tone="green">Open</Badge>
          )}
          {!published ? <Badge tone="amber">Not in a published product</Badge> : null}
        </>
      }
    />
  );
}
