"use client";

import { DeleteResourceButton } from "@/components/resources/delete-resource-button";
import type { ApiContract } from "@/server/apis/api.schemas";
import { apiKeys } from "./api-queries";

/** Deletes the API after the user types its name; then back to the list. */
export function DeleteApiButton({ api }: { api: ApiContract }) {
  return (
    <DeleteResourceButton
      path={`/apis/${encodeURIComponent(api.name)}`}
      id={api.name}
      title={`Delete ${api.properties.displayName}?`}
      description={
        <>
          The gateway stops accepting connections on <span className="font-mono text-slate-900">/{api.properties.path}</span> and the
          API&apos;s policies are deleted with it. This cannot be undone.
        </>
      }
      confirmLabel="Delete API"
      listKey={apiKeys.list}
      invalidate={apiKeys.list}
      toast={{ title: "API deleted", description: `${api.properties.displayName} no longer accepts connections.` }}
      backTo="/admin/apis"
      closeConnectionsReason="API deleted"
    />
  );
}
