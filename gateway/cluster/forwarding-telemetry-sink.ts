import { LogQueue } from "../remote/log-queue";
import type { CloseOutcome, Heartbeat, LogRow, MinuteMetricRow, TelemetryHandlers, TelemetrySink, TelemetryStatus } from "../telemetry/telemetry-sink";
import type { LogRowsMessage } from "./cluster-messages";

/** Rows per message to the primary; a queue this long is sent without waiting for the timer. */
const BATCH_ROWS = 500;

export interface ForwardingTelemetrySinkOptions {
  /** Sends one message to the primary and calls `done` once it is written (or false when the channel is closed). */
  send: (message: LogRowsMessage, done: () => void) => boolean;
  /** Rows held at most, in flight included (GATEWAY_LOG_QUEUE_MAX); past it rows are dropped and counted. */
  maxQueue: number;
  flushMs: number;
  /** False (GATEWAY_TELEMETRY=off): no rows are forwarded. */
  enabled: boolean;
}

/**
 * A self-hosted gateway's worker's telemetry seam: its log rows go to the primary in batches
 * over the cluster channel, and the primary's one RemoteTelemetrySink ships them with its
 * per-minute rows. Forwarded rather than one portal sink per worker because the portal limits a
 * gateway to 20 telemetry requests a second across all its instances (telemetry-rate-limit.ts):
 * with GATEWAY_LOG_FLUSH_MS at 250 ms, five workers each sending their own batches would meet
 * it; and the primary's sink must see every connection of the instance to answer a close
 * request `notFound` (RemoteTelemetrySink.handledHere). Per-minute rows, heartbeats and close
 * requests are the primary's (the worker's Gateway, as a cluster worker, sends none of them).
 */
export class ForwardingTelemetrySink implements TelemetrySink {
  private logs: LogQueue = new LogQueue(0);
  private timer: NodeJS.Timeout | null = null;
  private kicked = false;
  /** Messages written to the channel but not yet confirmed. */
  private inFlight = 0;
  private drained: (() => void) | null = null;

  constructor(private readonly options: ForwardingTelemetrySinkOptions) {}

  get status(): TelemetryStatus {
    return { pending: this.logs.pending, dropped: this.logs.dropped, failing: null };
  }

  async start(handlers: TelemetryHandlers): Promise<void> {
    this.logs = new LogQueue(this.options.maxQueue, (apiId) => handlers.onLogRowDropped(apiId));
    this.timer = setInterval(() => this.flush(), this.options.flushMs);
    this.timer.unref();
  }

  pushLog(row: LogRow): void {
    if (!this.options.enabled) return;
    this.logs.push(row);
    if (!this.kicked && this.logs.pending >= BATCH_ROWS) {
      this.kicked = true;
      setImmediate(() => {
        this.kicked = false;
        this.flush();
      });
    }
  }

  pushMinuteMetrics(_rows: readonly MinuteMetricRow[]): void {}

  heartbeat(_beat: Heartbeat): void {}

  closeRequestDone(_id: string, _outcome: CloseOutcome): void {}

  /** Hands every queued row to the channel (copied now; a later close goes as a row of its own). */
  flush(): void {
    for (;;) {
      const rows = this.logs.take(BATCH_ROWS);
      if (rows.length === 0) return;
      this.inFlight++;
      const sent = this.options.send({ type: "portcullis:log-rows", rows }, () => {
        // Written: the rows no longer count against this worker's bound (the primary's sink bounds them from here).
        this.logs.settle(rows, true);
        if (--this.inFlight === 0) this.drained?.();
      });
      if (!sent) {
        // The channel is closed (the primary is gone, this worker is draining): the rows stay counted as pending.
        this.inFlight--;
        this.logs.settle(rows, false);
        return;
      }
    }
  }

  /** Forwards what is queued and waits until the channel has written it. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flush();
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
  }
}
