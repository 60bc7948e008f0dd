import type { DatabaseThread } from "../database-worker/database-thread";
import type { FromDatabaseWorker } from "../database-worker/messages";
import { LogQueue } from "./log-queue";
import type { CloseOutcome, Heartbeat, LogRow, MinuteMetricRow, TelemetryHandlers, TelemetrySink, TelemetryStatus } from "./telemetry-sink";

/** Rows in one batch posted to the database thread (one transaction there). */
const BATCH_MAX = 5000;

export interface SqliteTelemetryOptions {
  /** Log rows accepted and not yet written, at most (GATEWAY_LOG_QUEUE_MAX). */
  queueMax: number;
  /** How often queued log rows are posted (GATEWAY_LOG_FLUSH_MS). */
  flushMs: number;
  /** False (GATEWAY_TELEMETRY=off): no log or per-minute rows; heartbeats and close requests go on. */
  enabled: boolean;
  /** How long `stop` lets the thread retry a busy database before it gives up on the rest. */
  stopTimeoutMs: number;
}

/**
 * The embedded telemetry sink: log rows wait in a bounded queue on the main thread and are
 * posted in batches to the database thread, one batch in flight at a time (so a row pushed
 * again while queued goes once, and a locked database holds rows here, counted against the
 * bound, not in an unbounded pile of messages). Every method returns at once.
 */
export class SqliteTelemetrySink implements TelemetrySink {
  private readonly queue: LogQueue<LogRow>;
  private handlers: TelemetryHandlers | null = null;
  private listener: ((message: FromDatabaseWorker) => void) | null = null;
  private failing: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped: Promise<void> | null = null;
  private onStopped: (() => void) | null = null;

  constructor(
    private readonly thread: DatabaseThread,
    private readonly options: SqliteTelemetryOptions,
  ) {
    this.queue = new LogQueue(options.queueMax);
  }

  get status(): TelemetryStatus {
    return { pending: this.queue.pending, dropped: this.queue.dropped, failing: this.failing };
  }

  async start(handlers: TelemetryHandlers): Promise<void> {
    this.handlers = handlers;
    this.listener = (message) => this.onMessage(message);
    this.thread.attach(this.listener);
    this.timer = setInterval(() => this.flush(), this.options.flushMs);
    this.timer.unref();
  }

  pushLog(row: LogRow): void {
    if (!this.options.enabled || this.stopped) return;
    if (!this.queue.push(row)) this.handlers?.onLogRowDropped(row.apiId);
  }

  pushMinuteMetrics(rows: readonly MinuteMetricRow[]): void {
    if (this.options.enabled && rows.length > 0) this.thread.send({ type: "minuteRows", rows: [...rows] });
  }

  heartbeat(beat: Heartbeat): void {
    this.thread.send({ type: "heartbeat", beat });
  }

  closeRequestDone(id: string, outcome: CloseOutcome): void {
    this.thread.send({ type: "closeRequestDone", id, outcome, at: Date.now() });
  }

  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.listener === null) return;
    // Everything still queued goes now, however large: the thread writes it before it stops.
    while (this.queue.size > 0) this.post();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.options.stopTimeoutMs + 2000);
      this.onStopped = () => {
        clearTimeout(timer);
        resolve();
      };
      void this.thread.exited.then(this.onStopped);
      this.thread.send({ type: "stop", deadline: Date.now() + this.options.stopTimeoutMs });
    });
    const listener = this.listener;
    this.listener = null;
    await this.thread.detach(listener);
  }

  /** Posts a batch when none is in flight (the next goes when the thread answers, or on the timer). */
  private flush(): void {
    if (this.queue.sending === 0 && this.queue.size > 0) this.post();
  }

  private post(): void {
    // Rows go by structured clone: the thread gets their fields as they are now.
    this.thread.send({ type: "logRows", rows: this.queue.take(BATCH_MAX) });
  }

  private onMessage(message: FromDatabaseWorker): void {
    switch (message.type) {
      case "logRowsDone":
        this.queue.settle(message.count, message.dropped.length);
        for (const apiId of message.dropped) this.handlers?.onLogRowDropped(apiId);
        // A backlog (after a lock) is caught up batch after batch instead of one per tick.
        if (this.queue.size >= BATCH_MAX / 5 && !this.stopped) this.flush();
        return;
      case "stopped":
        this.queue.settle(message.dropped.length, message.dropped.length);
        for (const apiId of message.dropped) this.handlers?.onLogRowDropped(apiId);
        this.onStopped?.();
        return;
      case "telemetryStatus":
        this.failing = message.failing;
        return;
      case "closeRequests":
        this.handlers?.onCloseRequests(message.requests);
        return;
      default:
        return;
    }
  }
}
