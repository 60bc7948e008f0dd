"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { formatPreciseTime } from "@/components/ui/timestamp";
import type { GatewayLogContract } from "@/server/logs/log.schemas";
import { formatBytes, formatCount, formatDuration, statusTone } from "./format";

/** A name linked to its page, with its id beside it (ids stay findable: they are what the API and the CLI take). */
function named(name: string | null, id: string | null, href: string | null): ReactNode {
  if (id === null) return null;
  return (
    <span>
      {href && name !== null ? (
        <Link href={href} className="font-medium text-indigo-700 hover:underline">
          {name}
        </Link>
      ) : (
        <span>{name ?? "(deleted)"}</span>
      )}{" "}
      <span className="font-mono text-xs text-slate-500">{id}</span>
    </span>
  );
}

/** Every column of one log row, grouped as the handshake happened; times to the millisecond. */
export function LogDetail({ row }: { row: GatewayLogContract }) {
  const sections: { title: string; items: [string, ReactNode][] }[] = [
    {
      title: "Request",
      items: [
        ["Time", formatPreciseTime(row.time)],
        ["Id", <Mono key="id">{row.id}</Mono>],
        ["Gateway", row.gatewayId],
        ["Client IP", <Mono key="ip">{row.callerIp}</Mono>],
        ["Method", row.method],
        ["URL", <Mono key="url">{row.url}</Mono>],
        ["Trace id", row.traceId ? <Mono key="trace">{row.traceId}</Mono> : null],
      ],
    },
    {
      title: "Routing and access",
      items: [
        ["API", named(row.apiName, row.apiId, row.apiId ? `/admin/apis/${encodeURIComponent(row.apiId)}` : null)],
        ["Operation", row.operationId],
        ["Product", named(row.productName, row.productId, row.productId ? `/admin/products/${encodeURIComponent(row.productId)}` : null)],
        ["Subscription", named(row.subscriptionName, row.subscriptionId, null)],
        ["User", named(row.userEmail, row.userId, row.userEmail ? `/admin/users?${new URLSearchParams({ search: row.userEmail })}` : null)],
      ],
    },
    {
      title: "Handshake",
      items: [
        ["Response code", <Badge key="code" tone={statusTone(row.responseCode)}>{row.responseCode}</Badge>],
        ["Backend response code", row.backendResponseCode],
        ["Backend URL", row.backendUrl ? <Mono key="backend">{row.backendUrl}</Mono> : null],
        ["Total time", `${row.totalTime} ms`],
        ["Backend time", row.backendTime === null ? null : `${row.backendTime} ms`],
        ["Error reason", row.lastErrorReason],
        ["Error message", row.lastErrorMessage],
        ["Error source", row.lastErrorSource],
      ],
    },
    {
      title: "Connection",
      items: [
        ["Closed at", row.closedAt ? formatPreciseTime(row.closedAt) : row.responseCode === 101 ? "Still open" : null],
        ["Duration", row.durationMs === null ? null : formatDuration(row.durationMs)],
        ["Close code", row.closeCode],
        ["Close reason", row.closeReason || null],
        ["Closed by", row.closedBy],
        ["Messages in / out", `${formatCount(row.messagesInbound)} / ${formatCount(row.messagesOutbound)}`],
        ["Bytes in / out", `${formatBytes(row.bytesInbound)} / ${formatBytes(row.bytesOutbound)}`],
      ],
    },
  ];
  return (
    <div className="grid gap-6 md:grid-cols-2" data-testid="log-detail">
      {sections.map((section) => (
        <section key={section.title} aria-label={section.title}>
          <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{section.title}</h3>
          <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200">
            {section.items.map(([label, value]) => (
              <div key={label} className="grid grid-cols-[9rem_1fr] gap-3 px-3 py-2 text-sm">
                <dt className="text-slate-500">{label}</dt>
                <dd className="min-w-0 break-words text-slate-900">{value === null || value === undefined || value === "" ? <span className="text-slate-400">—</span> : value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}

function Mono({ children }: { children: ReactNode }) {
  return <span className="font-mono text-[13px] break-all">{children}</span>;
}
