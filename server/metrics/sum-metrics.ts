import "server-only";
import { and, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { metricsMinute } from "@/db/schema/index";
import { addSparseHistogram, latencyPercentileUs, newLatencyHistogram } from "@/gateway/telemetry/latency-histogram";
import { DEFAULT_METRICS_WINDOW_MS, METRICS_INTERVALS, type MetricsMinuteContract, type MetricsQuery } from "./metrics.schemas";

const MINUTE_MS = 60_000;

/** The minutes `[fromMinute, toMinute)` a query's window covers (default: the last hour). */
export function metricsWindow(query: { from?: string; to?: string }, now = new Date()): { fromMinute: number; toMinute: number } {
  const to = query.to ? Date.parse(query.to) : now.getTime();
  const from = query.from ? Date.parse(query.from) : to - DEFAULT_METRICS_WINDOW_MS;
  return { fromMinute: Math.ceil(from / MINUTE_MS), toMinute: Math.ceil(to / MINUTE_MS) };
}

interface Bucket {
  start: number;
  attemptsSucceeded: number;
  attemptsFailed: number;
  attemptsByCode: Record<string, number>;
  messagesInbound: number;
  messagesOutbound: number;
  bytesInbound: number;
  bytesOutbound: number;
  /** Open connections summed over gateways and APIs, per minute. */
  activeByMinute: Map<number, { last: number; peak: number }>;
  latency: Uint32Array | null;
  logRowsDropped: number;
}

/**
 * Metrics in the query's window (default: the last hour), oldest first, summed over every
 * gateway and, unless `apiId` is given, every API, per `interval` (minutes aligned to the
 * epoch). Intervals without traffic are absent. With `responseCode`, attempts count that
 * status only and intervals without it drop. Latency percentiles come from the merged
 * per-minute histograms, so they are percentiles of every handshake in the interval.
 */
export function sumMetrics(db: Db, query: MetricsQuery, now = new Date()): { items: MetricsMinuteContract[]; count: number } {
  const { fromMinute, toMinute } = metricsWindow(query, now);
  const conditions: SQL[] = [gte(metricsMinute.minute, fromMinute), lt(metricsMinute.minute, toMinute)];
  if (query.apiId !== undefined) conditions.push(eq(metricsMinute.apiId, query.apiId));
  if (query.gatewayId !== undefined) conditions.push(eq(metricsMinute.gatewayId, query.gatewayId));
  const rows = db
    .select()
    .from(metricsMinute)
    .where(and(...conditions))
    .orderBy(metricsMinute.minute)
    .all();

  const step = METRICS_INTERVALS[query.interval];
  const buckets = new Map<number, Bucket>();
  for (const row of rows) {
    const start = Math.floor(row.minute / step) * step;
    let b = buckets.get(start);
    if (!b) {
      b = {
        start,
        attemptsSucceeded: 0,
        attemptsFailed: 0,
        attemptsByCode: {},
        messagesInbound: 0,
        messagesOutbound: 0,
        bytesInbound: 0,
        bytesOutbound: 0,
        activeByMinute: new Map(),
        latency: null,
        logRowsDropped: 0,
      };
      buckets.set(start, b);
    }
    b.attemptsSucceeded += row.attemptsSucceeded;
    b.attemptsFailed += row.attemptsFailed;
    for (const [code, n] of Object.entries(row.attemptsByCode)) b.attemptsByCode[code] = (b.attemptsByCode[code] ?? 0) + n;
    b.messagesInbound += row.messagesInbound;
    b.messagesOutbound += row.messagesOutbound;
    b.bytesInbound += row.bytesInbound;
    b.bytesOutbound += row.bytesOutbound;
    b.logRowsDropped += row.logRowsDropped;
    const active = b.activeByMinute.get(row.minute) ?? { last: 0, peak: 0 };
    active.last += row.activeConnectionsLast;
    active.peak += row.activeConnectionsPeak;
    b.activeByMinute.set(row.minute, active);
    if (Object.keys(row.handshakeHistogram).length > 0) {
      b.latency ??= newLatencyHistogram();
      addSparseHistogram(b.latency, row.handshakeHistogram);
    }
  }

  const items: MetricsMinuteContract[] = [];
  for (const b of buckets.values()) {
    let attemptsByCode = b.attemptsByCode;
    if (query.responseCode !== undefined) {
      const n = attemptsByCode[String(query.responseCode)] ?? 0;
      if (n === 0) continue;
      attemptsByCode = { [String(query.responseCode)]: n };
    }
    let lastMinute = -1;
    let activeConnections = 0;
    let activeConnectionsPeak = 0;
    for (const [minute, active] of b.activeByMinute) {
      if (minute > lastMinute) {
        lastMinute = minute;
        activeConnections = active.last;
      }
      activeConnectionsPeak = Math.max(activeConnectionsPeak, active.peak);
    }
    items.push({
      time: new Date(b.start * MINUTE_MS).toISOString(),
      attempts: query.responseCode === undefined ? b.attemptsSucceeded + b.attemptsFailed : attemptsByCode[String(query.responseCode)]!,
      attemptsSucceeded: b.attemptsSucceeded,
      attemptsFailed: b.attemptsFailed,
      attemptsByCode,
      messagesInbound: b.messagesInbound,
      messagesOutbound: b.messagesOutbound,
      bytesInbound: b.bytesInbound,
      bytesOutbound: b.bytesOutbound,
      activeConnections,
      activeConnectionsPeak,
      handshakeP50Ms: percentileMs(b.latency, 0.5),
      handshakeP95Ms: percentileMs(b.latency, 0.95),
      handshakeP99Ms: percentileMs(b.latency, 0.99),
      logRowsDropped: b.logRowsDropped,
    });
  }
  return { items: items.slice(query.$skip, query.$skip + query.$top), count: items.length };
}

function percentileMs(histogram: Uint32Array | null, p: number): number | null {
  const us = histogram ? latencyPercentileUs(histogram, p) : null;
  return us === null ? null : us / 1000;
}
