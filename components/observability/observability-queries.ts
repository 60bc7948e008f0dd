"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { managementFetch, type Page } from "@/components/admin/management-fetch";
import type { ConnectionContract } from "@/server/connections/connection.schemas";
import type { MetricsMinuteContract } from "@/server/metrics/metrics.schemas";
import type { ApiReportContract, FailureReasonReportContract } from "@/server/reports/report.schemas";
import type { TimeWindow } from "./time-range";

/** Query keys of the observability screens. */
export const observabilityKeys = {
  all: ["observability"] as const,
  metrics: (w: TimeWindow, apiId: string | null, gatewayId: string | null) => ["observability", "metrics", w.from, w.to, w.interval, apiId, gatewayId] as const,
  byApi: (w: TimeWindow, gatewayId: string | null) => ["observability", "byApi", w.from, w.to, gatewayId] as const,
  reasons: (w: TimeWindow, apiId: string | null, gatewayId: string | null) => ["observability", "reasons", w.from, w.to, apiId, gatewayId] as const,
  logs: (filters: Record<string, string>, skip: number, top: number) => ["observability", "logs", filters, skip, top] as const,
  connections: (filters: Record<string, string>) => ["observability", "connections", filters] as const,
};

function windowQuery(w: TimeWindow, apiId: string | null, gatewayId: string | null, extra: Record<string, string> = {}): URLSearchParams {
  const q = new URLSearchParams({ from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString(), ...extra });
  if (apiId) q.set("apiId", apiId);
  if (gatewayId) q.set("gatewayId", gatewayId);
  return q;
}

/** The window's metrics, one point per interval (a window holds at most 200 intervals); one gateway's, or all. */
export function useMetrics(w: TimeWindow, apiId: string | null, refetchInterval: number | false, gatewayId: string | null = null) {
  return useQuery({
    queryKey: observabilityKeys.metrics(w, apiId, gatewayId),
    queryFn: async () => (await managementFetch<Page<MetricsMinuteContract>>(`/metrics?${windowQuery(w, apiId, gatewayId, { interval: w.interval, $top: "1000" })}`)).value,
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

/** The ten busiest APIs of the window. */
export function useTopApis(w: TimeWindow, refetchInterval: number | false, gatewayId: string | null = null) {
  return useQuery({
    queryKey: observabilityKeys.byApi(w, gatewayId),
    queryFn: () => managementFetch<Page<ApiReportContract>>(`/reports/byApi?${windowQuery(w, null, gatewayId, { $top: "10" })}`),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

/** The ten commonest failure reasons of the window. */
export function useFailureReasons(w: TimeWindow, apiId: string | null, refetchInterval: number | false, gatewayId: string | null = null) {
  return useQuery({
    queryKey: observabilityKeys.reasons(w, apiId, gatewayId),
    queryFn: () => managementFetch<Page<FailureReasonReportContract>>(`/reports/byFailureReason?${windowQuery(w, apiId, gatewayId, { $top: "10" })}`),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

/** Open connections, polled every few seconds. */
export function useOpenConnections(filters: Record<string, string>) {
  return useQuery({
    queryKey: observabilityKeys.connections(filters),
    queryFn: () => managementFetch<Page<ConnectionContract>>(`/connections?${new URLSearchParams({ ...filters, $top: "200" })}`),
    refetchInterval: 3000,
    placeholderData: keepPreviousData,
  });
}
