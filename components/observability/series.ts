import type { MetricsMinuteContract } from "@/server/metrics/metrics.schemas";
import type { TimeWindow } from "./time-range";

/** One chart point: an interval of the window, zero when it had no traffic. */
export interface ChartPoint {
  t: number;
  ok: number;
  c4xx: number;
  c5xx: number;
  other: number;
  active: number;
  peak: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  p50: number | null;
  p95: number | null;
}

/** Every interval of the window (aligned as the API aligns them), filled from the metrics. */
export function toSeries(w: TimeWindow, metrics: readonly MetricsMinuteContract[]): ChartPoint[] {
  const step = w.intervalMinutes * 60_000;
  const byTime = new Map(metrics.map((m) => [Date.parse(m.time), m]));
  const points: ChartPoint[] = [];
  for (let t = Math.floor(w.from / step) * step; t < w.to; t += step) {
    const m = byTime.get(t);
    let ok = 0;
    let c4xx = 0;
    let c5xx = 0;
    let other = 0;
    for (const [code, n] of Object.entries(m?.attemptsByCode ?? {})) {
      if (code === "101") ok += n;
      else if (code.startsWith("4")) c4xx += n;
      else if (code.startsWith("5")) c5xx += n;
      else other += n;
    }
    points.push({
      t,
      ok,
      c4xx,
      c5xx,
      other,
      active: m?.activeConnections ?? 0,
      peak: m?.activeConnectionsPeak ?? 0,
      messagesIn: m?.messagesInbound ?? 0,
      messagesOut: m?.messagesOutbound ?? 0,
      bytesIn: m?.bytesInbound ?? 0,
      bytesOut: m?.bytesOutbound ?? 0,
      p50: m?.handshakeP50Ms ?? null,
      p95: m?.handshakeP95Ms ?? null,
    });
  }
  return points;
}

/** Totals of the window for the stat cards. */
export function totals(metrics: readonly MetricsMinuteContract[]) {
  const sum = { attempts: 0, succeeded: 0, failed: 0, messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, dropped: 0, peak: 0 };
  for (const m of metrics) {
    sum.attempts += m.attempts;
    sum.succeeded += m.attemptsSucceeded;
    sum.failed += m.attemptsFailed;
    sum.messagesIn += m.messagesInbound;
    sum.messagesOut += m.messagesOutbound;
    sum.bytesIn += m.bytesInbound;
    sum.bytesOut += m.bytesOutbound;
    sum.dropped += m.logRowsDropped;
    sum.peak = Math.max(sum.peak, m.activeConnectionsPeak);
  }
  return sum;
}
