"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useApis } from "@/components/apis/api-queries";
import { useGatewayList } from "@/components/gateways/gateway-queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { focusRing } from "@/components/ui/focus";
import { RelativeTime } from "@/components/ui/relative-time";
import { ErrorNotice } from "@/components/ui/resource-states";
import { Select } from "@/components/ui/select";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { AttemptsChart, CHART_COLORS, ChartCard, LinesChart } from "./charts";
import { formatBytes, formatCount, formatLatency, statusTone } from "./format";
import { observabilityKeys, useFailureReasons, useMetrics, useOpenConnections, useTopApis } from "./observability-queries";
import { RangeControls } from "./range-controls";
import { toSeries, totals } from "./series";
import { StatCard } from "./stat-card";
import { resolveWindow, toLocalInput, type RangeKey } from "./time-range";

const INTERVAL_LABELS: Record<string, string> = { PT1M: "minute", PT5M: "5 minutes", PT15M: "15 minutes", PT30M: "30 minutes", PT1H: "hour", PT6H: "6 hours", P1D: "day" };

/**
 * The traffic dashboard: every API (overview) or one. Time range presets or a custom window,
 * optional auto-refresh; charts of attempts by result, open connections, messages, bytes and
 * handshake latency, and the busiest APIs and commonest failure reasons of the window.
 */
export function Dashboard({ apiId }: { apiId: string | null }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const params = useSearchParams();
  // The gateway filter travels in the URL (?gatewayId=), so it survives switching APIs.
  const gatewayId = params.get("gatewayId") || null;
  const gateways = useGatewayList();
  const withGateway = (path: string, id: string | null) => (id ? `${path}?${new URLSearchParams({ gatewayId: id })}` : path);
  const [range, setRange] = useState<RangeKey>("1h");
  const [custom, setCustom] = useState(() => ({ from: toLocalInput(Date.now() - 3 * 3600_000), to: toLocalInput(Date.now()) }));
  const [refreshMs, setRefreshMs] = useState(30_000);
  // Presets end "now": the tick moves them forward on each refresh.
  const [tick, setTick] = useState(() => Date.now());
  const resolved = useMemo(() => resolveWindow(range, custom, tick), [range, custom, tick]);
  const window = "error" in resolved ? null : resolved;
  // A preset window moves forward with the ticker (new query keys); a custom one is refetched as it is.
  const refetch = range === "custom" && refreshMs > 0 ? refreshMs : false;

  const apis = useApis();
  const fallbackWindow = window ?? { from: tick - 3600_000, to: tick, interval: "PT1M", intervalMinutes: 1 };
  const metrics = useMetrics(fallbackWindow, apiId, refetch, gatewayId);
  const topApis = useTopApis(fallbackWindow, refetch, gatewayId);
  const reasons = useFailureReasons(fallbackWindow, apiId, refetch, gatewayId);
  const open = useOpenConnections({ ...(apiId ? { apiId } : {}), ...(gatewayId ? { gatewayId } : {}) });

  // Auto-refresh moves a preset window forward, then the queries follow their new keys.
  useRefreshTicker(range !== "custom" ? refreshMs : 0, setTick);

  const data = metrics.data ?? [];
  const points = useMemo(() => (window ? toSeries(window, data) : []), [window, data]);
  const sum = totals(data);
  const per = INTERVAL_LABELS[fallbackWindow.interval] ?? "interval";
  const latest = [...data].reverse().find((m) => m.handshakeP95Ms !== null);
  const successRate = sum.attempts > 0 ? (100 * sum.succeeded) / sum.attempts : null;
  const apiName = (id: string | null) => (id === null ? "No matching API" : (apis.data?.find((a) => a.name === id)?.properties.displayName ?? id));

  return (
    <div className="space-y-6">
      <RangeControls
        range={range}
        onRange={(key) => {
          setRange(key);
          setTick(Date.now());
        }}
        custom={custom}
        onCustom={setCustom}
        refreshMs={refreshMs}
        onRefresh={setRefreshMs}
        error={"error" in resolved ? resolved.error : null}
      >
        <label className="flex items-center gap-2 text-sm text-slate-600">
          API
          <Select
            aria-label="API"
            value={apiId ?? ""}
            onChange={(e) => router.push(withGateway(e.target.value ? `/admin/dashboard/${encodeURIComponent(e.target.value)}` : "/admin/dashboard", gatewayId))}
            className="h-9 w-52"
          >
            <option value="">All APIs</option>
            {(apis.data ?? []).map((a) => (
              <option key={a.name} value={a.name}>
                {a.properties.displayName}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Gateway
          <Select
            aria-label="Gateway"
            value={gatewayId ?? ""}
            onChange={(e) => router.push(withGateway(apiId ? `/admin/dashboard/${encodeURIComponent(apiId)}` : "/admin/dashboard", e.target.value || null))}
            className="h-9 w-44"
          >
            <option value="">All gateways</option>
            {(gateways.data ?? []).map((g) => (
              <option key={g.name} value={g.name}>
                {g.properties.displayName}
              </option>
            ))}
          </Select>
        </label>
        <Button
          variant="ghost"
          size="sm"
          onClick={() => {
            setTick(Date.now());
            void queryClient.invalidateQueries({ queryKey: observabilityKeys.all });
          }}
          loading={metrics.isFetching}
        >
          Refresh
        </Button>
      </RangeControls>

      {metrics.isError ? <ErrorNotice>The metrics could not be loaded: {metrics.error.message}</ErrorNotice> : null}
      {sum.dropped > 0 ? (
        <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="dropped-notice">
          <strong className="font-semibold">{formatCount(sum.dropped)} log rows dropped</strong> in this window: a gateway&apos;s log queue was full, so
          some attempts are counted in these metrics but missing from the logs. Raise <code className="font-mono text-xs">GATEWAY_LOG_QUEUE_MAX</code> or
          look at the database&apos;s write load.
        </div>
      ) : null}

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-3" data-testid="dashboard-stats">
        <StatCard
          label="Attempts"
          value={formatCount(sum.attempts)}
          detail={successRate === null ? "No handshakes in this window" : `${successRate.toFixed(1)}% answered 101`}
          testId="stat-attempts"
        />
        <StatCard label="Refused or failed" value={formatCount(sum.failed)} detail="4xx and 5xx answers" testId="stat-failed" />
        <StatCard label="Open now" value={formatCount(open.data?.count ?? 0)} detail={`Peak ${formatCount(sum.peak)} in this window`} testId="stat-open" />
        <StatCard label="Messages" value={formatCount(sum.messagesIn + sum.messagesOut)} detail={`${formatCount(sum.messagesIn)} in · ${formatCount(sum.messagesOut)} out`} testId="stat-messages" />
        <StatCard label="Bytes" value={formatBytes(sum.bytesIn + sum.bytesOut)} detail={`${formatBytes(sum.bytesIn)} in · ${formatBytes(sum.bytesOut)} out`}
          testId="stat-bytes" />
        <StatCard
          label="Handshake p95"
          value={formatLatency(latest?.handshakeP95Ms ?? null)}
          detail={latest ? `p50 ${formatLatency(latest.handshakeP50Ms)}, latest ${per}` : "No handshakes yet"}
        />
      </div>

      <div className="grid gap-6 xl:grid-cols-2">
        <ChartCard title="Connection attempts by result" description={`Per ${per}: accepted (101), refused (4xx), failed (5xx)`} testId="chart-attempts">
          <AttemptsChart points={points} />
        </ChartCard>
        <ChartCard title="Open connections" description={`Peak and at the end of each ${per}`} testId="chart-active">
          <LinesChart
            points={points}
            series={[
              { key: "peak", label: "Peak", color: CHART_COLORS.muted },
              { key: "active", label: "Open", color: CHART_COLORS.primary },
            ]}
            area
          />
        </ChartCard>
        <ChartCard title="Messages" description={`Per ${per}; in is client → backend`} testId="chart-messages">
          <LinesChart
            points={points}
            series={[
              { key: "messagesIn", label: "In", color: CHART_COLORS.primary },
              { key: "messagesOut", label: "Out", color: CHART_COLORS.secondary },
            ]}
          />
        </ChartCard>
        <ChartCard title="Bytes" description={`Per ${per}, as on the wire after the handshake`} testId="chart-bytes">
          <LinesChart
            points={points}
            format={formatBytes}
            series={[
              { key: "bytesIn", label: "In", color: CHART_COLORS.primary },
              { key: "bytesOut", label: "Out", color: CHART_COLORS.secondary },
            ]}
            area
          />
        </ChartCard>
        <ChartCard title="Handshake latency" description={`p50 and p95 per ${per}, from request to answer`} testId="chart-latency">
          <LinesChart
            points={points}
            format={formatLatency}
            series={[
              { key: "p50", label: "p50", color: CHART_COLORS.primary },
              { key: "p95", label: "p95", color: CHART_COLORS.c4xx },
            ]}
          />
        </ChartCard>
        <Card title="Top failure reasons" description="Refused and failed handshakes in this window" bodyClassName="p-0">
          {reasons.data && reasons.data.value.length > 0 ? (
            <table className="w-full table-fixed divide-y divide-slate-100 text-sm" aria-label="Top failure reasons" data-testid="failure-reasons">
              <tbody className="divide-y divide-slate-100">
                {reasons.data.value.map((r) => (
                  <tr key={`${r.reason}-${r.responseCode}`}>
                    <td className="w-20 px-5 py-2.5">
                      <Badge tone={statusTone(r.responseCode)}>{r.responseCode}</Badge>
                    </td>
                    <td className="max-w-0 px-2 py-2.5">
                      <Link
                        href={`/admin/logs?${new URLSearchParams({ responseCode: String(r.responseCode), lastErrorReason: r.reason, ...(apiId ? { apiId } : {}) })}`}
                        className={`rounded font-medium text-slate-800 hover:text-indigo-700 ${focusRing}`}
                      >
                        {r.reason}
                      </Link>
                      <p className="truncate text-xs text-slate-500" title={r.lastMessage ?? undefined}>
                        <RelativeTime iso={r.lastSeen} />
                        {r.lastMessage ? ` · ${r.lastMessage}` : ""}
                      </p>
                    </td>
                    <td className="w-16 px-5 py-2.5 text-right font-semibold text-slate-900 tabular-nums">{formatCount(r.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="px-5 py-10 text-center text-sm text-slate-500">{reasons.isPending ? "Loading…" : "No refused or failed handshakes in this window."}</p>
          )}
        </Card>
      </div>

      {apiId === null ? (
        <section aria-labelledby="top-apis" className="space-y-3">
          <h2 id="top-apis" className="text-base font-semibold text-slate-900">
            Top APIs
          </h2>
          {topApis.data && topApis.data.value.length > 0 ? (
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
                {topApis.data.value.map((row) => (
                  <TR key={row.apiId ?? ""}>
                    <TD>
                      {row.apiId ? (
                        <Link href={`/admin/dashboard/${encodeURIComponent(row.apiId)}`} className={`rounded font-medium text-indigo-700 hover:underline ${focusRing}`}>
                          {apiName(row.apiId)}
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
              {topApis.isPending ? "Loading…" : "No traffic in this window."}
            </p>
          )}
        </section>
      ) : null}
    </div>
  );
}

/** Calls `setTick(now)` every `ms` (0: never). */
function useRefreshTicker(ms: number, setTick: (now: number) => void) {
  useEffect(() => {
    if (ms <= 0) return;
    const id = setInterval(() => setTick(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms, setTick]);
}
