/**
 * Per-minute rows for a gateway with workers: one writer, in the primary, for the whole
 * instance. Each worker's `active_connections_last`/`_peak` is a per-process value, so workers
 * writing the same (minute, gateway, api) row would overwrite each other's; instead the
 * primary pulls every worker's totals on the flush timer, merges them into one GatewayMetrics
 * (counters summed, active connections summed, latencies added) and hands that to the one
 * MinuteMetricsWriter, exactly as a single process does with its own.
 */
import { GatewayMetrics, type ApiTotals } from "../telemetry/metrics";

/** One API's totals in one worker: counters since the worker started, peak and latencies since the last report. */
export interface ApiTotalsReport {
  api: string;
  attempts: [code: number, count: number][];
  messagesInbound: number;
  messagesOutbound: number;
  bytesInbound: number;
  bytesOutbound: number;
  logRowsDropped: number;
  active: number;
  peak: number;
  latency: Uint32Array;
}

/**
 * The worker's side: its totals for the primary. Peaks and latencies are handed over (the
 * worker starts them again, as MinuteMetricsWriter does in a single process); counters stay cumulative.
 */
export function reportTotals(metrics: GatewayMetrics): ApiTotalsReport[] {
  const reports: ApiTotalsReport[] = [];
  for (const t of metrics.all()) {
    reports.push({
      api: t.api,
      attempts: [...t.attempts],
      messagesInbound: t.messagesInbound,
      messagesOutbound: t.messagesOutbound,
      bytesInbound: t.bytesInbound,
      bytesOutbound: t.bytesOutbound,
      logRowsDropped: t.logRowsDropped,
      active: t.active,
      peak: Math.max(t.peak, t.active),
      latency: t.latency.slice(),
    });
    t.peak = t.active;
    t.latency.fill(0);
  }
  return reports;
}

/** What the primary last heard from one worker, per API. */
type Seen = Map<string, ApiTotalsReport>;

/** The primary's side: the instance's totals, merged from its workers' reports. */
export class MergedTotals {
  /** The instance's totals: what the primary's MinuteMetricsWriter reads. */
  readonly metrics: GatewayMetrics;
  private readonly seen = new Map<number, Seen>();

  constructor(gatewayId: string) {
    this.metrics = new GatewayMetrics(gatewayId);
  }

  /**
   * Merges one round of reports (every live worker's that answered, by worker id). Counters add
   * what each worker gained since its last report; active connections are the sum of every live
   * worker's latest figure (one that did not answer this round counts as before); the peak is at least the sum of the workers' peaks over the interval (an upper
   * bound: their peaks need not coincide) and never below what is open now.
   */
  merge(round: ReadonlyMap<number, ApiTotalsReport[]>): void {
    const peaks = new Map<string, number>();
    for (const [workerId, reports] of round) {
      let seen = this.seen.get(workerId);
      if (seen === undefined) {
        seen = new Map();
        this.seen.set(workerId, seen);
      }
      for (const report of reports) {
        const t = this.metrics.forApi(report.api);
        addGains(t, report, seen.get(report.api));
        seen.set(report.api, report);
        peaks.set(report.api, (peaks.get(report.api) ?? 0) + report.peak);
      }
    }
    const active = new Map<string, number>();
    for (const seen of this.seen.values()) for (const report of seen.values()) active.set(report.api, (active.get(report.api) ?? 0) + report.active);
    for (const t of this.metrics.all()) {
      t.active = active.get(t.api) ?? 0;
      t.peak = Math.max(t.peak, peaks.get(t.api) ?? 0, t.active);
    }
  }

  /** A worker is gone: what it gained after its last report is lost with it, and its connections with it. */
  forget(workerId: number): void {
    this.seen.delete(workerId);
  }
}

function addGains(t: ApiTotals, report: ApiTotalsReport, before: ApiTotalsReport | undefined): void {
  const earlier = new Map(before?.attempts ?? []);
  for (const [code, count] of report.attempts) {
    const gained = count - (earlier.get(code) ?? 0);
    if (gained !== 0) t.attempts.set(code, (t.attempts.get(code) ?? 0) + gained);
  }
  t.messagesInbound += report.messagesInbound - (before?.messagesInbound ?? 0);
  t.messagesOutbound += report.messagesOutbound - (before?.messagesOutbound ?? 0);
  t.bytesInbound += report.bytesInbound - (before?.bytesInbound ?? 0);
  t.bytesOutbound += report.bytesOutbound - (before?.bytesOutbound ?? 0);
  t.logRowsDropped += report.logRowsDropped - (before?.logRowsDropped ?? 0);
  const latency = t.latency;
  for (let i = 0; i < report.latency.length; i++) latency[i]! += report.latency[i]!;
}
