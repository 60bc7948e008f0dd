"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { focusRing } from "@/components/ui/focus";
import { Timestamp } from "@/components/ui/timestamp";
import type { FailureReasonReportContract } from "@/server/reports/report.schemas";
import { formatCount, statusTone } from "./format";

/** The commonest refusal reasons of the window, each a link to its log rows (same range, API and gateway). */
export function FailureReasons({ reasons, pending, logsHref }: { reasons: readonly FailureReasonReportContract[] | undefined; pending: boolean; logsHref: (extra: Record<string, string>) => string }) {
  return (
    <Card title="Top failure reasons" description="Refused and failed handshakes in this window" bodyClassName="p-0">
      {reasons && reasons.length > 0 ? (
        <table className="w-full table-fixed divide-y divide-slate-100 text-sm" aria-label="Top failure reasons" data-testid="failure-reasons">
          <tbody className="divide-y divide-slate-100">
            {reasons.map((r) => (
              <tr key={`${r.reason}-${r.responseCode}`}>
                <td className="w-20 px-5 py-2.5">
                  <Badge tone={statusTone(r.responseCode)}>{r.responseCode}</Badge>
                </td>
                <td className="max-w-0 px-2 py-2.5">
                  <Link
                    href={logsHref({ responseCode: String(r.responseCode), lastErrorReason: r.reason })}
                    className={`rounded font-medium text-slate-800 hover:text-indigo-700 ${focusRing}`}
                  >
                    {r.reason}
                  </Link>
                  <p className="truncate text-xs text-slate-500" title={r.lastMessage ?? undefined}>
                    Last <Timestamp iso={r.lastSeen} />
                    {r.lastMessage ? ` · ${r.lastMessage}` : ""}
                  </p>
                </td>
                <td className="w-16 px-5 py-2.5 text-right font-semibold text-slate-900 tabular-nums">{formatCount(r.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="px-5 py-10 text-center text-sm text-slate-500">{pending ? "Loading…" : "No refused or failed handshakes in this window."}</p>
      )}
    </Card>
  );
}
