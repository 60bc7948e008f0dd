import type { Db } from "../../db/client";
import { log } from "../log";
import { latencyPercentileUs, newLatencyHistogram, sparseHistogram } from "./latency-histogram";
import type { ApiTotals, GatewayMetrics } from "./metrics";
import { METRICS_MINUTE_UPSERT_SQL } from "./telemetry-sql";

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
 * Adds what each API's live totals gained since the last flush to its `metrics_minute`
 * row for the current minute (DESIGN.md §5). Runs on a timer, never on the socket path.
 */
export class MinuteMetricsWriter {
  private readonly flushed = new Map<string, Flushed>();
  private timer: NodeJS.Timeout | null = null;
  private readonly upsert;

  constructor(
    private readonly db: Db,
    private readonly metrics: GatewayMetrics,
  ) {
    this.upsert = db.$client.prepare(METRICS_MINUTE_UPSERT_SQL);
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  flush(now = Date.now()): void {
    const minute = Math.floor(now / 60_000);
    const rows: Record<string, unknown>[] = [];
    for (const totals of this.metrics.all()) {
      const row = this.delta(totals, minute);
      if (row) rows.push(row);
    }
    if (rows.length === 0) return;
    try {
      this.db.$client.transaction(() => {
        for (const row of rows) this.upsert.run(row);
      })();
    } catch (error) {
      log.error("metrics flush failed", { error: String(error) });
    }
  }

  /** Stops the timer and writes what is left (nothing when it was never started). */
  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.flush();
  }

  private delta(t: ApiTotals, minute: number): Record<string, unknown> | null {
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
    const row = {
      minute,
      gatewayId: this.metrics.gatewayId,
      apiId: t.api,
      succeeded,
      failed,
      byCode: JSON.stringify(byCode),
      messagesInbound: t.messagesInbound - last.messagesInbound,
      messagesOutbound: t.messagesOutbound - last.messagesOutbound,
      bytesInbound: t.bytesInbound - last.bytesInbound,
      bytesOutbound: t.bytesOutbound - last.bytesOutbound,
      active: t.active,
      peak,
      p50: latencyPercentileUs(latency, 0.5),
      p95: latencyPercentileUs(latency, 0.95),
      p99: latencyPercentileUs(latency, 0.99),
      histogram: JSON.stringify(sparseHistogram(latency)),
      logRowsDropped: t.logRowsDropped - last.logRowsDropped,
    };
    last.messagesInbound = t.messagesInbound;
    last.messagesOutbound = t.messagesOutbound;
    last.bytesInbound = t.bytesInbound;
    last.bytesOutbound = t.bytesOutbound;
    last.logRowsDropped = t.logRowsDropped;
    const idle =
      succeeded + failed + row.messagesInbound + row.messagesOutbound + row.bytesInbound + row.bytesOutbound + row.logRowsDropped === 0;
    // An idle API with open connections (or that had some since the last flush) still gets its row, so the minute shows them.
    return idle && peak === 0 ? null : row;
  }
}
