"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { managementFetch } from "@/components/admin/management-fetch";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { GatewaysIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Timestamp, TimeZoneNote } from "@/components/ui/timestamp";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import type { CloseRequestContract, ConnectionContract } from "@/server/connections/connection.schemas";
import { formatBytes, formatCount, formatDuration } from "./format";
import { observabilityKeys, useOpenConnections } from "./observability-queries";
import { ApiFilter } from "./traffic-filters";

const DEFAULT_REASON = "Closed by an administrator";
const MAX_REASON_BYTES = 123;

/** The connections open right now (refreshed every 3 s); each can be closed with 1008 and a reason. */
export function LiveConnections() {
  const [apiId, setApiId] = useState("");
  const connections = useOpenConnections(apiId ? { apiId } : {});
  const [closing, setClosing] = useState<ConnectionContract | null>(null);
  const rows = connections.data?.value ?? [];
  const now = Date.now();

  let body;
  if (connections.isPending) body = <ListSkeleton label="Loading the open connections" />;
  else if (connections.isError) body = <ErrorNotice>The open connections could not be loaded: {connections.error.message}</ErrorNotice>;
  else if (rows.length === 0)
    body = (
      <EmptyState
        icon={<GatewaysIcon className="h-6 w-6" />}
        title="No open connections"
        description="Connections appear here a moment after their handshake succeeds, on every gateway whose heartbeat is fresh."
      />
    );
  else
    body = (
      <Table aria-label="Open connections">
        <THead>
          <TR>
            <TH>
              Opened <TimeZoneNote className="font-normal text-slate-500 normal-case" />
            </TH>
            <TH>API</TH>
            <TH>Client IP</TH>
            <TH>Subscription / user</TH>
            <TH>Gateway</TH>
            <TH className="text-right">Open for</TH>
            <TH className="text-right">Messages in / out</TH>
            <TH className="text-right">Bytes in / out</TH>
            <TH className="sr-only">Actions</TH>
          </TR>
        </THead>
        <TBody>
          {rows.map((c) => (
            <TR key={c.id} data-testid="connection-row" data-connection-id={c.id}>
              <TD className="whitespace-nowrap text-slate-600">
                <Timestamp iso={c.openedAt} />
              </TD>
              <TD className="max-w-52 truncate" title={c.url}>
                {c.apiId && c.apiName ? (
                  <Link href={`/admin/apis/${encodeURIComponent(c.apiId)}`} title={`API ${c.apiId}`} className="font-medium text-indigo-700 hover:underline">
                    {c.apiName}
                  </Link>
                ) : (
                  <span className="font-medium text-slate-800">{c.apiId ?? "—"}</span>
                )}
                <p className="truncate font-mono text-xs text-slate-500">{c.url}</p>
              </TD>
              <TD className="font-mono text-[13px]">{c.callerIp}</TD>
              <TD className="max-w-48 truncate">
                {c.subscriptionId === null ? (
                  <span className="text-slate-500">—</span>
                ) : (
                  <span className="block truncate text-slate-800" title={`Subscription ${c.subscriptionId}`}>
                    {c.subscriptionName ?? c.subscriptionId}
                  </span>
                )}
                {c.userEmail ? (
                  <Link href={`/admin/users?${new URLSearchParams({ search: c.userEmail })}`} title={`User ${c.userId}`} className="text-xs text-indigo-700 hover:underline" data-testid="connection-user">
                    {c.userEmail}
                  </Link>
                ) : null}
              </TD>
              <TD>{c.gatewayId}</TD>
              <TD className="text-right whitespace-nowrap tabular-nums">{formatDuration(Math.max(0, now - Date.parse(c.openedAt)))}</TD>
              <TD className="text-right whitespace-nowrap tabular-nums" data-testid="connection-messages">
                {formatCount(c.messagesInbound)} / {formatCount(c.messagesOutbound)}
              </TD>
              <TD className="text-right whitespace-nowrap tabular-nums" data-testid="connection-bytes">
                {formatBytes(c.bytesInbound)} / {formatBytes(c.bytesOutbound)}
              </TD>
              <TD className="text-right">
                {c.closeRequestedAt ? (
                  <Badge tone="amber">Closing…</Badge>
                ) : (
                  <Button variant="danger-outline" size="sm" onClick={() => setClosing(c)} aria-label={`Close the connection from ${c.callerIp} to ${c.apiId ?? c.url}`}>
                    Close
                  </Button>
                )}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4 rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-xs">
        <Field label="API" className="w-64">
          {(control) => <ApiFilter {...control} value={apiId} onChange={setApiId} />}
        </Field>
        <p className="flex items-center gap-2 text-sm text-slate-500" aria-live="polite">
          <span className="relative flex h-2.5 w-2.5">
            <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-60" />
            <span className="relative inline-flex h-2.5 w-2.5 rounded-full bg-emerald-500" />
          </span>
          <span data-testid="open-count">{formatCount(connections.data?.count ?? 0)} open</span> · refreshed every 3 s; messages and bytes as the gateways last
          reported them (every few seconds)
        </p>
      </div>
      {body}
      <CloseDialog connection={closing} onClose={() => setClosing(null)} />
    </div>
  );
}

function CloseDialog({ connection, onClose }: { connection: ConnectionContract | null; onClose: () => void }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState(DEFAULT_REASON);
  const bytes = new TextEncoder().encode(reason.trim()).length;
  const error = reason.trim() === "" ? "Give a reason: the client receives it." : bytes > MAX_REASON_BYTES ? `At most ${MAX_REASON_BYTES} bytes (${bytes} now): a Close frame's limit.` : null;
  const close = useMutation({
    mutationFn: (c: ConnectionContract) =>
      managementFetch<CloseRequestContract>(`/connections/${encodeURIComponent(c.id)}/close`, { method: "POST", body: { reason: reason.trim() } }),
    onSuccess: () => {
      toast.show({ title: "Close requested", description: "The gateway closes the connection with 1008 within a second." });
      void queryClient.invalidateQueries({ queryKey: observabilityKeys.all });
      setReason(DEFAULT_REASON);
      onClose();
    },
  });
  return (
    <Dialog
      open={connection !== null}
      onClose={() => {
        close.reset();
        onClose();
      }}
      title="Close this connection?"
      description={
        connection ? (
          <>
            The gateway sends a Close frame with code <strong>1008</strong> (policy violation) and your reason to the client at{" "}
            <span className="font-mono">{connection.callerIp}</span> and to the backend, then ends both sockets. The client may reconnect.
          </>
        ) : null
      }
      onSubmit={() => {
        if (connection && !error) close.mutate(connection);
      }}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={close.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" loading={close.isPending} disabled={error !== null}>
            Close connection
          </Button>
        </>
      }
    >
      <Field label="Reason" error={error ?? (close.isError ? close.error.message : null)} hint="Sent to the client in the Close frame and kept in the log.">
        {(control) => <Input {...control} value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />}
      </Field>
    </Dialog>
  );
}
