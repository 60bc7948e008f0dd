import { latencyPercentileUs, newLatencyHistogram, sparseHistogram } from "./latency-histogram";
import type { ApiTotals, GatewayMetrics } from "./metrics";
import type { MinuteMetricRow } from "./telemetry-sink";

interface Flushed {
  attempts: Map<number, number>;
  messagesInbound: number;
  messagesOutbound: number;
  bytesInbound: number;
  bytesOutbound: number;
  logRowsDropped: number;
  /** The minute `latency` belongs to. */
  minute: number;
  /** Handshake latencies of that minute so far (its percentiles are rewritten at each flush). */
  latency: Uint32Array;
}

/**
 * Turns each API's live totals into what they gained since the previous call: the per-minute
 * rows a telemetry sink writes (DESIGN §5). Runs on a timer on the main thread, never on the
 * socket path; plain arithmetic, no I/O.
 */
export class MinuteMetricsCollector {
  private readonly flushed = new Map<string, Flushed>();

  constructor(private readonly metrics: GatewayMetrics) {}

  /** The rows of every API that had something to report since the previous call. */
  collect(now = Date.now()): MinuteMetricRow[] {
    const minute = Math.floor(now / 60_000);
    const rows: MinuteMetricRow[] = [];
    for (const totals of this.metrics.all()) {
      const row = this.delta(totals, minute);
      if (row) rows.push(row);
    }
    return rows;
  }

  private delta(t: ApiTotals, minute: number): MinuteMetricRow | null {
    let last = this.flushed.get(t.api);
    if (!last) {
      last = {
        attempts: new Map(),
        messagesInbound: 0,
        messagesOutbound: 0,
        bytesInbound: 0,
        bytesOutbound: 0,
        logRowsDropped: 0,
        minute,
        latency: newLatencyHistogram(),
      };
      this.flushed.set(t.api, last);
    }
    // Latencies gathered since the last flush belong to the minute they are flushed in, as the counters do.
    if (last.minute !== minute) {
      last.minute = minute;
      last.latency.fill(0);
    }
    const gathered = t.latency;
    const latency = last.latency;
    for (let i = 0; i < gathered.length; i++) latency[i]! += gathered[i]!;
    gathered.fill(0);
    // The peak since the last flush goes to this minute; the next interval starts from what is open now.
    const peak = Math.max(t.peak, t.active);
    t.peak = t.active;
    const byCode: Record<string, number> = {};
    let succeeded = 0;
    let failed = 0;
    for (const [code, n] of t.attempts) {
      const d = n - (last.attempts.get(code) ?? 0);
      if (d === 0) continue;
      byCode[code] = d;
      if (code === 101) succeeded += d;
      else failed += d;
      last.attempts.set(code, n);
    }
    // Each counter read once: under the native relay they read through to what its thread is
    // counting, and a second read for `last` would drop whatever arrived in between.
    const now = { messagesInbound: t.messagesInbound, messagesOutbound: t.messagesOutbound, bytesInbound: t.bytesInbound, bytesOutbound: t.bytesOutbound };
    const row: MinuteMetricRow = {
      minute,
      gatewayId: this.metrics.gatewayId,
      apiId: t.api,
      attemptsSucceeded: succeeded,
      attemptsFailed: failed,
      attemptsByCode: byCode,
      messagesInbound: now.messagesInbound - last.messagesInbound,
      messagesOutbound: now.messagesOutbound - last.messagesOutbound,
      bytesInbound: now.bytesInbound - last.bytesInbound,
      bytesOutbound: now.bytesOutbound - last.bytesOutbound,
      activeConnectionsPeak: peak,
      activeConnectionsLast: t.active,
      handshakeP50Us: latencyPercentileUs(latency, 0.5),
      handshakeP95Us: latencyPercentileUs(latency, 0.95),
      handshakeP99Us: latencyPercentileUs(latency, 0.99),
      handshakeHistogram: sparseHistogram(latency),
      logRowsDropped: t.logRowsDropped - last.logRowsDropped,
    };
    last.messagesInbound = now.messagesInbound;
    last.messagesOutbound = now.messagesOutbound;
    last.bytesInbound = now.bytesInbound;
    last.bytesOutbound = now.bytesOutbound;
    last.logRowsDropped = t.logRowsDropped;
    const idle =
      succeeded + failed + row.messagesInbound + row.messagesOutbound + row.bytesInbound + row.bytesOutbound + row.logRowsDropped === 0;
    // An idle API with open connections (or that had some since the last flush) still gets its row, so the minute shows them.
    return idle && peak === 0 ? null : row;
  }
}
