import type { Db } from "../../db/client";
import { log } from "../log";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows deleted per statement: a few milliseconds of work, then the event loop gets its turn. */
const BATCH = 2000;
/**
 * An accepted connection whose close was never recorded (its gateway died) is kept this many
 * retention periods, then pruned too; one still open that long is unusual enough to lose.
 */
const ORPHAN_PERIODS = 4;

export interface PruneResult {
  logs: number;
  metrics: number;
  closeRequests: number;
}

/**
 * Deletes gateway log rows, per-minute metric rows and handled close requests older than the
 * retention period (DESIGN.md §5), in the background: small batches, each followed by a turn
 * of the event loop, so proxying never waits on it for more than one batch. A connection's
 * row is kept until the connection has been closed for the whole period.
 */
export class LogRetention {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = false;
  private readonly deleteLogs;
  private readonly deleteMetrics;
  private readonly deleteRequests;

  constructor(
    private readonly db: Db,
    private readonly retentionDays: number,
  ) {
    const sqlite = db.$client;
    // `time` is indexed and a connection closes after it opened, so `time < @cutoff` finds every candidate.
    this.deleteLogs = sqlite.prepare(
      `DELETE FROM gateway_logs WHERE rowid IN (
         SELECT rowid FROM gateway_logs WHERE time < @cutoff
           AND (closed_at < @cutoff OR (closed_at IS NULL AND (response_code <> 101 OR time < @orphanCutoff)))
         LIMIT ${BATCH})`,
    );
    this.deleteMetrics = sqlite.prepare(
      `DELETE FROM metrics_minute WHERE rowid IN (SELECT rowid FROM metrics_minute WHERE minute < @cutoffMinute LIMIT ${BATCH})`,
    );
    this.deleteRequests = sqlite.prepare(
      `DELETE FROM connection_close_requests WHERE rowid IN (
         SELECT rowid FROM connection_close_requests WHERE requested_at < @cutoff AND done_at IS NOT NULL LIMIT ${BATCH})`,
    );
  }

  /** Prunes now (after `firstDelayMs`) and then every `intervalMs`. */
  start(intervalMs: number, firstDelayMs = 10_000): void {
    const run = () => {
      void this.prune().catch((error: unknown) => log.warn("log retention failed", { error: String(error) }));
    };
    const first = setTimeout(() => {
      run();
      this.timer = setInterval(run, intervalMs);
      this.timer.unref();
    }, firstDelayMs);
    first.unref();
    this.timer = first;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
      clearInterval(this.timer);
    }
    this.timer = null;
  }

  /** One pass over the three tables; resolves with what it deleted. A pass already running makes this a no-op. */
  async prune(now = Date.now()): Promise<PruneResult> {
    const result: PruneResult = { logs: 0, metrics: 0, closeRequests: 0 };
    if (this.running) return result;
    this.running = true;
    try {
      const cutoff = now - this.retentionDays * DAY_MS;
      const params = { cutoff, orphanCutoff: now - ORPHAN_PERIODS * this.retentionDays * DAY_MS, cutoffMinute: Math.floor(cutoff / 60_000) };
      result.logs = await this.drain(() => this.deleteLogs.run(params).changes);
      result.metrics = await this.drain(() => this.deleteMetrics.run(params).changes);
      result.closeRequests = await this.drain(() => this.deleteRequests.run(params).changes);
      if (result.logs + result.metrics + result.closeRequests > 0) log.info("log retention pruned", { days: this.retentionDays, ...result });
      return result;
    } finally {
      this.running = false;
    }
  }

  private async drain(batch: () => number): Promise<number> {
    let total = 0;
    while (!this.stopped) {
      const n = batch();
      total += n;
      if (n < BATCH) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return total;
  }
}
