"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Timestamp, TimeZoneNote } from "@/components/ui/timestamp";
import type { GatewayLogContract } from "@/server/logs/log.schemas";
import { formatCount, formatDuration, statusTone } from "./format";

/** A link inside a clickable row: following it does not also open the row. */
function CellLink({ href, title, children }: { href: string; title: string; children: React.ReactNode }) {
  return (
    <Link href={href} title={title} onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} className="font-medium text-indigo-700 hover:underline">
      {children}
    </Link>
  );
}

/**
 * One page of log rows: the time to the second (the viewer's zone, named in the header), the
 * API, subscription and user by name, each linked, the ids on hover. A row opens its detail.
 */
export function LogsTable({ rows, onOpen }: { rows: readonly GatewayLogContract[]; onOpen: (row: GatewayLogContract) => void }) {
  return (
    <Table aria-label="Gateway logs">
      <THead>
        <TR>
          <TH>
            Time <TimeZoneNote className="font-normal text-slate-500 normal-case" />
          </TH>
          <TH>Status</TH>
          <TH>API</TH>
          <TH>Client IP</TH>
          <TH>Subscription</TH>
          <TH>Reason / close</TH>
          <TH className="text-right">Duration</TH>
          <TH className="text-right">Messages in / out</TH>
        </TR>
      </THead>
      <TBody>
        {rows.map((row) => (
          <TR
            key={row.id}
            tabIndex={0}
            aria-label={`${row.responseCode} ${row.apiName ?? row.apiId ?? row.url} from ${row.callerIp}`}
            data-testid="log-row"
            className="cursor-pointer transition-colors hover:bg-slate-50 focus:bg-indigo-50/60 focus:outline-none"
            onClick={() => onOpen(row)}
            onKeyDown={(e) => {
              if (e.target === e.currentTarget && (e.key === "Enter" || e.key === " ")) {
                e.preventDefault();
                onOpen(row);
              }
            }}
          >
            <TD className="whitespace-nowrap text-slate-600">
              <Timestamp iso={row.time} />
            </TD>
            <TD>
              <Badge tone={statusTone(row.responseCode)}>{row.responseCode}</Badge>
            </TD>
            <TD className="max-w-44 truncate" title={row.url}>
              {row.apiId === null ? (
                <span className="font-normal text-slate-500 italic">none</span>
              ) : row.apiName === null ? (
                <span className="text-slate-700" title={`${row.apiId} (deleted)`}>
                  {row.apiId}
                </span>
              ) : (
                <CellLink href={`/admin/apis/${encodeURIComponent(row.apiId)}`} title={`API ${row.apiId}`}>
                  {row.apiName}
                </CellLink>
              )}
            </TD>
            <TD className="font-mono text-[13px]">{row.callerIp}</TD>
            <TD className="max-w-48 truncate">
              {row.subscriptionId === null ? (
                <span className="text-slate-500">—</span>
              ) : (
                <>
                  <span className="block truncate text-slate-800" title={`Subscription ${row.subscriptionId}`} data-testid="log-subscription">
                    {row.subscriptionName ?? row.subscriptionId}
                  </span>
                  {row.userEmail ? (
                    <CellLink href={`/admin/users?${new URLSearchParams({ search: row.userEmail })}`} title={`User ${row.userId}`}>
                      <span className="text-xs font-normal">{row.userEmail}</span>
                    </CellLink>
                  ) : null}
                </>
              )}
            </TD>
            <TD className="max-w-56 truncate text-slate-600" title={row.lastErrorMessage ?? row.closeReason ?? undefined}>
              {row.responseCode !== 101 ? (row.lastErrorReason ?? "—") : row.closedAt ? `${row.closeCode} by ${row.closedBy ?? "unknown"}` : <Badge tone="indigo">open</Badge>}
            </TD>
            <TD className="text-right whitespace-nowrap tabular-nums">{row.responseCode === 101 ? formatDuration(row.durationMs) : `${row.totalTime} ms`}</TD>
            <TD className="text-right tabular-nums">{row.responseCode === 101 ? `${formatCount(row.messagesInbound)} / ${formatCount(row.messagesOutbound)}` : "—"}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
