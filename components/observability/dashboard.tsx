"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useApis } from "@/components/apis/api-queries";
import { Button } from "@/components/ui/button";
import { ErrorNotice } from "@/components/ui/resource-states";
import { DashboardCharts } from "./dashboard-charts";
import { dashboardPatch, logsHref, readDashboardView } from "./dashboard-view";
import { FailureReasons } from "./failure-reasons";
import { formatBytes, formatCount, formatLatency } from "./format";
import { observabilityKeys, useFailureReasons, useMetrics, useOpenConnections, useTopApis } from "./observability-queries";
import { RangeControls } from "./range-controls";
import { toSeries, totals } from "./series";
import { StatCard } from "./stat-card";
import { resolveWindow } from "./time-range";
import { TopApisTable } from "./top-apis-table";
import { ApiFilter, GatewayFilter } from "./traffic-filters";
import { useUrlState, withQuery } from "./use-url-state";

const INTERVAL_LABELS: Record<string, string> = { PT1M: "minute", PT5M: "5 minutes", PT15M: "15 minutes", PT30M: "30 minutes", PT1H: "hour", PT6H: "6 hours", P1D: "day" };

/** The dashboard of every API, or of one. */
const dashboardPath = (apiId: string | null) => (apiId ? `/admin/dashboard/${encodeURIComponent(apiId)}` : "/admin/dashboard");

/**
 * The traffic dashboard: every API (overview) or one. Time range presets or a custom window,
 * optional auto-refresh; charts of attempts by result, open connections, messages, bytes and
 * handshake latency, and the busiest APIs and commonest failure reasons of the window. The
 * range, the refresh, the gateway (and, by its path, the API) live in the URL: a reload, a
 * bookmark or a shared link shows the same view, back steps through the choices, and a
 * drill-down to one API or to the logs keeps the range.
 */
export function Dashboard({ apiId }: { apiId: string | null }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { params, update } = useUrlState();
  // Presets end "now": the tick moves them forward on each refresh.
  const [tick, setTick] = useState(() => Date.now());
  const view = useMemo(() => readDashboardView(params, tick), [params, tick]);
  const { range, custom, refreshMs, gatewayId } = view;
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
  const apiName = (id: string) => apis.data?.find((a) => a.name === id)?.properties.displayName ?? id;

  return (
    <div className="space-y-6">
      <RangeControls
        range={range}
        onRange={(key) => {
          // A custom window starts as the one on screen, and is written down so a reload keeps it.
          update(dashboardPatch(key === "custom" ? { range: key, custom } : { range: key }));
          setTick(Date.now());
        }}
        custom={custom}
        onCustom={(value) => update(dashboardPatch({ custom: value }), "replace")}
        refreshMs={refreshMs}
        onRefresh={(ms) => update(dashboardPatch({ refreshMs: ms }))}
        error={"error" in resolved ? resolved.error : null}
      >
        <label className="flex items-center gap-2 text-sm text-slate-600">
          API
          <ApiFilter aria-label="API" value={apiId ?? ""} onChange={(id) => router.push(withQuery(dashboardPath(id || null), params), { scroll: false })} className="h-9 w-52" />
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Gateway
          <GatewayFilter aria-label="Gateway" value={gatewayId ?? ""} onChange={(id) => update(dashboardPatch({ gatewayId: id || null }))} className="h-9 w-44" />
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

      <DashboardCharts points={points} per={per}>
        <FailureReasons reasons={reasons.data?.value} pending={reasons.isPending} logsHref={(extra) => logsHref(params, apiId, extra)} />
      </DashboardCharts>

      {apiId === null ? (
        <TopApisTable rows={topApis.data?.value} pending={topApis.isPending} nameOf={apiName} hrefOf={(id) => withQuery(dashboardPath(id), params)} />
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
