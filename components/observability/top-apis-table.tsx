"use client";

import Link from "next/link";
import { focusRing } from "@/components/ui/focus";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import type { ApiReportContract } from "@/server/reports/report.schemas";
import { formatBytes, formatCount } from "./format";

/** The busiest APIs of the window, each a link to its own dashboard (`hrefOf` carries the range along). */
export function TopApisTable({
  rows,
  pending,
  nameOf,
  hrefOf,
}: {
  rows: readonly ApiReportContract[] | undefined;
  pending: boolean;
  nameOf: (apiId: string) => string;
  hrefOf: (apiId: string) => string;
}) {
  return (
    <section aria-labelledby="top-apis" className="space-y-3">
      <h2 id="top-apis" className="text-base font-semibold text-slate-900">
        Top APIs
      </h2>
      {rows && rows.length > 0 ? (
        <Table aria-label="Top APIs" data-testid="top-apis">
          <THead>
            <TR>
              <TH>API</TH>
              <TH className="text-right">Attempts</TH>
              <TH className="text-right">101</TH>
              <TH className="text-right">4xx</TH>
              <TH className="text-right">5xx</TH>
              <TH className="text-right">Messages in / out</TH>
              <TH className="text-right">Bytes in / out</TH>
            </TR>
          </THead>
          <TBody>
            {rows.map((row) => (
              <TR key={row.apiId ?? ""}>
                <TD>
                  {row.apiId ? (
                    <Link href={hrefOf(row.apiId)} title={row.apiId} className={`rounded font-medium text-indigo-700 hover:underline ${focusRing}`}>
                      {nameOf(row.apiId)}
                    </Link>
                  ) : (
                    <span className="text-slate-500 italic">No matching API (404)</span>
                  )}
                </TD>
                <TD className="text-right font-semibold text-slate-900 tabular-nums">{formatCount(row.attempts)}</TD>
                <TD className="text-right text-emerald-700 tabular-nums">{formatCount(row.attemptsSucceeded)}</TD>
                <TD className="text-right text-amber-700 tabular-nums">{formatCount(row.attempts4xx)}</TD>
                <TD className="text-right text-red-700 tabular-nums">{formatCount(row.attempts5xx)}</TD>
                <TD className="text-right tabular-nums">
                  {formatCount(row.messagesInbound)} / {formatCount(row.messagesOutbound)}
                </TD>
                <TD className="text-right tabular-nums">
                  {formatBytes(row.bytesInbound)} / {formatBytes(row.bytesOutbound)}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      ) : (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-8 text-center text-sm text-slate-500">
          {pending ? "Loading…" : "No traffic in this window."}
        </p>
      )}
    </section>
  );
}
