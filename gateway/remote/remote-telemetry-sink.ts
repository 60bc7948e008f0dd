import type { CloseOutcome, CloseRequest, Heartbeat, LogRow, MinuteMetricRow, TelemetryHandlers, TelemetrySink, TelemetryStatus } from "../telemetry/telemetry-sink";
import { log } from "../log";
import { Backoff } from "./backoff";
import { LogQueue } from "./log-queue";
import { toTelemetryMinuteRow } from "../telemetry/telemetry-sql";
import { MinuteQueue } from "./minute-queue";
import type { PortalClient, PortalReply } from "./portal-client";
import { closeRequestsResponseSchema, GATEWAY_API_PATHS, type HeartbeatRequest, type TelemetryRequest } from "./protocol";

/** Connections remembered as handled by this instance (ids only: a few MB at most). */
const HANDLED_HERE_MAX = 100_000;

export interface RemoteTelemetrySinkOptions {
  client: Pick<PortalClient, "send">;
  /** This process, for the portal's instance list (a random UUID at start). */
  instanceId: string;
  /** Log rows held at most (GATEWAY_LOG_QUEUE_MAX); past it rows are dropped and counted. */
  maxQueue: number;
  /** How often batches are sent (and the most a row waits while the portal answers). */
  flushMs?: number;
  /** Rows per `POST /telemetry`; a queue this long is sent without waiting for the timer. */
  batchRows?: number;
  /** How often pending close requests are asked for. */
  closePollMs?: number;
  /** Worker processes behind this instance (the heartbeat reports it). */
  workers?: number;
  backoff?: Backoff;
  /** Per-request timeout. */
  requestTimeoutMs?: number;
  /** False (GATEWAY_TELEMETRY=off): no log or minute rows are sent; heartbeats and close requests still are. */
  enabled?: boolean;
}

/**
 * A self-hosted gateway's telemetry seam (DESIGN §6): log rows and per-minute rows go to the
 * portal in batches (`POST /telemetry`), heartbeats as `POST /heartbeat`, and close requests are
 * polled (`GET /close-requests`) and acknowledged. Everything the gateway calls only queues
 * and returns; the network work happens on timers, asynchronously. While the portal is away
 * the bounded queues hold the rows (minute rows merge per minute and API) and the batch is
 * retried with backoff; a row past the bound is dropped and counted, never waited for.
 */
export class RemoteTelemetrySink implements TelemetrySink {
  private readonly logs: LogQueue;
  private readonly minutes = new MinuteQueue();
  private readonly backoff: Backoff;
  private readonly flushMs: number;
  private readonly batchRows: number;
  private readonly timeoutMs: number;
  private handlers: TelemetryHandlers | null = null;
  private timers: NodeJS.Timeout[] = [];
  private sending: Promise<void> | null = null;
  private retryAt = 0;
  private failing: string | null = null;
  private beating = false;
  private polling: Promise<void> | null = null;
  /** Close requests handed to the gateway and not yet acknowledged to the portal (id → connection): never handed twice. */
  private readonly delivered = new Map<string, string>();
  /**
   * Connections (log row ids) this instance has handled, newest last, bounded. Several instances
   * of one gateway see the same close requests: only the one that had the connection may answer
   * `notFound`, else an instance that never had it would settle the request before the one that
   * holds it saw it.
   */
  private readonly handledHere = new Set<string>();
  private acks: { id: string; outcome: CloseOutcome }[] = [];
  private acking: Promise<void> | null = null;
  private kicked = false;
  /** Rows per batch now: halved after a 413, grown back after each success. */
  private batchLimit: number;

  constructor(private readonly options: RemoteTelemetrySinkOptions) {
    this.logs = new LogQueue(options.maxQueue, (apiId) => this.handlers?.onLogRowDropped(apiId));
    this.backoff = options.backoff ?? new Backoff();
    this.flushMs = options.flushMs ?? 1_000;
    this.batchRows = options.batchRows ?? 500;
    this.batchLimit = this.batchRows;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
  }

  get status(): TelemetryStatus {
    return { pending: this.logs.pending, dropped: this.logs.dropped, failing: this.failing };
  }

  async start(handlers: TelemetryHandlers): Promise<void> {
    this.handlers = handlers;
    const every = (ms: number, fn: () => void) => {
      const timer = setInterval(fn, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.flushMs, () => void this.flush());
    every(this.options.closePollMs ?? 1_000, () => void this.pollCloseRequests());
  }

  pushLog(row: LogRow): void {
    if (!this.handledHere.has(row.id)) {
      this.handledHere.add(row.id);
      if (this.handledHere.size > HANDLED_HERE_MAX) this.handledHere.delete(this.handledHere.values().next().value!);
    }
    if (this.options.enabled === false) return;
    this.logs.push(row);
    // A full batch leaves now, not at the next tick; the send itself runs after this handler returns.
    if (!this.kicked && this.sending === null && this.logs.pending >= this.batchRows) {
      this.kicked = true;
      setImmediate(() => {
        this.kicked = false;
        void this.flush();
      });
    }
  }

  pushMinuteMetrics(rows: readonly MinuteMetricRow[]): void {
    if (this.options.enabled === false) return;
    for (const row of rows) this.minutes.push(row);
  }

  heartbeat(beat: Heartbeat): void {
    if (this.beating) return; // the one in flight says the same
    this.beating = true;
    const body: HeartbeatRequest = {
      instanceId: this.options.instanceId,
      host: beat.host,
      version: beat.version,
      revision: beat.revision ?? 0,
      connections: beat.openConnections,
      workers: this.options.workers ?? 1,
    };
    this.options.client
      .send({ method: "POST", path: GATEWAY_API_PATHS.heartbeat, body, timeoutMs: this.timeoutMs })
      .then((reply) => this.quietUnlessBroken("heartbeat", reply))
      .finally(() => (this.beating = false));
  }

  closeRequestDone(id: string, outcome: CloseOutcome): void {
    const connection = this.delivered.get(id);
    if (outcome === "notFound" && connection !== undefined && !this.handledHere.has(connection)) {
      // Not a connection of this instance: left pending for the instance that has it (and never handed over here again).
      log.info("close request left to another instance of this gateway", { id, connection });
      return;
    }
    this.acks.push({ id, outcome });
    if (this.acking === null) setImmediate(() => void this.sendAcks());
  }

  /** Sends one batch of what is queued (no-op while a batch is in flight or a retry is not due). */
  flush(force = false): Promise<void> {
    if (this.sending) return this.sending;
    if (!force && Date.now() < this.retryAt) return Promise.resolve();
    if (this.logs.pending === 0 && this.minutes.pending === 0) return Promise.resolve();
    this.sending = this.sendBatch().finally(() => (this.sending = null));
    return this.sending;
  }

  /** Asks for pending close requests and hands the new ones to the gateway. */
  pollCloseRequests(): Promise<void> {
    this.polling ??= this.fetchCloseRequests().finally(() => (this.polling = null));
    return this.polling;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.polling;
    await this.sendAcks();
    // One last try for what is queued; a portal that is away does not hold the shutdown up past the request timeout.
    await this.flush(true);
    if (this.logs.pending > 0) log.warn("gateway stopped with log rows the portal did not take", { rows: this.logs.pending });
  }

  private async sendBatch(): Promise<void> {
    const logs = this.logs.take(this.batchLimit);
    const minutes = this.minutes.take(this.batchLimit);
    const body: TelemetryRequest = { instanceId: this.options.instanceId, logs, minutes: minutes.map(toTelemetryMinuteRow) };
    const reply = await this.options.client.send({ method: "POST", path: GATEWAY_API_PATHS.telemetry, body, timeoutMs: this.timeoutMs });
    if (reply.ok) {
      this.logs.settle(logs, true);
      this.batchLimit = Math.min(this.batchRows, this.batchLimit * 2);
      this.backoff.reset();
      this.retryAt = 0;
      if (this.failing !== null) log.info("telemetry reaches the portal again", { was: this.failing, pending: this.logs.pending });
      this.failing = null;
      return;
    }
    if (reply.kind === "status" && reply.status === 413 && logs.length + minutes.length > 1) {
      // Long URLs and error messages made the batch too big for the portal: send it in halves.
      this.logs.settle(logs, false);
      this.minutes.putBack(minutes);
      this.batchLimit = Math.max(1, Math.floor(Math.max(logs.length, minutes.length) / 2));
      return;
    }
    if (reply.kind === "status" && reply.status >= 400 && reply.status < 500 && reply.status !== 401 && reply.status !== 429) {
      // The portal will never take this batch (400, 413): retrying it would block every row behind it.
      this.logs.settle(logs, true);
      this.logs.dropped += logs.length;
      for (const row of logs) this.handlers?.onLogRowDropped(row.apiId);
      log.error("telemetry batch refused by the portal: its rows are dropped", { status: reply.status, code: reply.code, message: reply.message, logs: logs.length, minutes: minutes.length });
      return;
    }
    this.logs.settle(logs, false);
    this.minutes.putBack(minutes);
    this.retryAt = Date.now() + this.backoff.fail();
    const reason = reply.kind === "network" ? `portal unreachable: ${reply.message}` : `the portal answered ${reply.status} (${reply.code}): ${reply.message}`;
    if (this.failing === null) log.warn("telemetry not delivered: holding rows and retrying with backoff", { reason, pending: this.logs.pending });
    this.failing = reason;
  }

  private async fetchCloseRequests(): Promise<void> {
    const reply = await this.options.client.send({ method: "GET", path: GATEWAY_API_PATHS.closeRequests, timeoutMs: this.timeoutMs });
    if (!reply.ok) return this.quietUnlessBroken("close requests", reply);
    const parsed = closeRequestsResponseSchema.safeParse(reply.body);
    if (!parsed.success) {
      log.error("close requests: the portal's answer is malformed", { issue: parsed.error.issues[0]?.message });
      return;
    }
    const fresh: CloseRequest[] = [];
    for (const request of parsed.data.requests) {
      if (this.delivered.has(request.id)) continue;
      this.delivered.set(request.id, request.connectionId);
      fresh.push({ id: request.id, logId: request.connectionId, reason: request.reason });
    }
    if (fresh.length > 0) this.handlers?.onCloseRequests(fresh);
  }

  private async sendAcks(): Promise<void> {
    if (this.acking) return this.acking;
    if (this.acks.length === 0) return;
    const results = this.acks;
    this.acks = [];
    this.acking = this.options.client
      .send({ method: "POST", path: GATEWAY_API_PATHS.closeRequestsAck, body: { results }, timeoutMs: this.timeoutMs })
      .then((reply) => {
        if (reply.ok) {
          for (const result of results) this.delivered.delete(result.id);
          return;
        }
        // Not acknowledged: the portal still lists them, `delivered` keeps them from being handed over twice, and the next poll retries.
        this.acks = [...results, ...this.acks];
        this.quietUnlessBroken("close request acknowledgements", reply);
      })
      .finally(() => {
        this.acking = null;
        if (this.acks.length > 0 && this.timers.length > 0) setTimeout(() => void this.sendAcks(), this.options.closePollMs ?? 1_000).unref();
      });
    return this.acking;
  }

  /**
   * Heartbeats, close requests and acknowledgements fail when the portal is away or the token
   * refused, which the configuration source already says once; only an answer that means a
   * bug (a 4xx other than 401) is worth its own line.
   */
  private quietUnlessBroken(what: string, reply: PortalReply): void {
    if (reply.ok || reply.kind !== "status" || reply.status >= 500) return;
    log.error(`${what}: the portal refused the request`, { status: reply.status, code: reply.code, message: reply.message });
  }
}
