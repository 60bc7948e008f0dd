"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { managementFetch, managementList } from "@/components/admin/management-fetch";
import { ResourceTable } from "@/components/resources/resource-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { PlusIcon, TokensIcon } from "@/components/ui/icons";
import { RelativeTime } from "@/components/ui/relative-time";
import { useToast } from "@/components/ui/toast";
import type { ApiTokenContract, CreatedApiTokenContract } from "@/server/api-tokens/api-token.schemas";
import { CreateTokenDialog } from "./create-token-dialog";
import { NewTokenDialog } from "./new-token-dialog";

const tokenKeys = { list: ["apiTokens", "list"] as const };

const newestFirst = (a: ApiTokenContract, b: ApiTokenContract) => b.properties.createdDate.localeCompare(a.properties.createdDate);

function TokenState({ token: { properties: p } }: { token: ApiTokenContract }) {
  if (p.state === "active") return <Badge tone="green">Active</Badge>;
  if (p.state === "revoked") {
    return (
      <Badge tone="red">
        Revoked <RelativeTime iso={p.revokedDate} />
      </Badge>
    );
  }
  return <Badge>Expired</Badge>;
}

/** The management API tokens: create (shown once), revoke. */
export function ApiTokensList() {
  const tokens = useQuery({ queryKey: tokenKeys.list, queryFn: () => managementList<ApiTokenContract>("/apiTokens") });
  const queryClient = useQueryClient();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiTokenContract | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenContract | null>(null);
  const createButton = (
    <Button icon={<PlusIcon className="h-4 w-4" />} onClick={() => setCreating(true)}>
      Create token
    </Button>
  );

  return (
    <div className="space-y-4">
      {tokens.data?.length ? <div className="flex justify-end">{createButton}</div> : null}
      <ResourceTable
        query={tokens}
        noun={{ one: "API token", many: "API tokens" }}
        label="API tokens"
        empty={{
          icon: <TokensIcon className="h-6 w-6" />,
          title: "No API tokens yet",
          description: "Tokens let scripts, CI and the portcullis CLI call the management API.",
          action: createButton,
        }}
        sort={newestFirst}
        rowProps={(token) => ({ "data-testid": `token-${token.name}`, className: token.properties.state === "active" ? undefined : "text-slate-400" })}
        columns={[
          {
            header: "Name",
            cell: ({ properties: p }) => (
              <>
                <span className="font-medium text-slate-900">{p.displayName}</span>
                {p.gatewayId ? <p className="text-xs text-slate-500">Gateway {p.gatewayId}</p> : null}
              </>
            ),
          },
          { header: "Prefix", cell: (token) => <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{token.properties.prefix}…</code> },
          { header: "Role", cellClassName: "capitalize", cell: (token) => token.properties.role },
          {
            header: "Created",
            className: "hidden whitespace-nowrap md:table-cell",
            cellClassName: "hidden whitespace-nowrap text-slate-500 md:table-cell",
            cell: (token) => <RelativeTime iso={token.properties.createdDate} />,
          },
          {
            header: "Last used",
            className: "hidden whitespace-nowrap md:table-cell",
            cellClassName: "hidden whitespace-nowrap text-slate-500 md:table-cell",
            cell: (token) => <RelativeTime iso={token.properties.lastUsedDate} fallback="Never" />,
          },
          { header: "State", cell: (token) => <TokenState token={token} /> },
          {
            header: <span className="sr-only">Actions</span>,
            className: "text-right",
            cell: (token) =>
              token.properties.state === "active" ? (
                <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50 hover:text-red-800" onClick={() => setRevoking(token)} aria-label={`Revoke ${token.properties.displayName}`}>
                  Revoke
                </Button>
              ) : null,
          },
        ]}
      />
      <CreateTokenDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(token) => {
          setCreating(false);
          setCreated(token);
          void queryClient.invalidateQueries({ queryKey: tokenKeys.list });
        }}
      />
      <NewTokenDialog token={created} onClose={() => setCreated(null)} />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke ${revoking?.properties.displayName ?? ""}?`}
        description="Requests with this token are refused from now on. This cannot be undone."
        confirmLabel="Revoke token"
        onConfirm={async () => {
          if (!revoking) return;
          await managementFetch(`/apiTokens/${encodeURIComponent(revoking.name)}`, { method: "DELETE" });
          await queryClient.invalidateQueries({ queryKey: tokenKeys.list });
          toast.show({ title: "Token revoked", description: revoking.properties.displayName });
          setRevoking(null);
        }}
      />
    </div>
  );
}
