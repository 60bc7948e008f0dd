/**
 * The primary of a gateway with GATEWAY_WORKERS > 1 (DESIGN.md §6 "Every core"). It forks the
 * workers, which share its client port (node:cluster hands accepted connections round robin),
 * and serves no connection itself. It owns what exists once per gateway instance:
 *
 * - the admin port: `/metrics` sums the workers' registries (prom-client's
 *   AggregatorRegistry.aggregate: counters, histograms and the active-connections gauge summed),
 *   `/healthz` and `/readyz` speak for every worker (ready when all N are);
 * - the rate-limit and quota counters (one MemoryCounterStore answering the workers' batches),
 *   so limits stay exact across workers;
 * - its own telemetry sink (the embedded one, a database thread; or, self-hosted, the remote one
 *   to the portal) for what happens once per instance: the per-minute rows, from the workers' merged totals (cluster-totals.ts says why),
 *   the heartbeat (all workers' connections), log retention, the orphaned-row cleanup (before
 *   any worker starts) and close requests (only the worker holding a connection can close it:
 *   every worker is asked, and the request is `notFound` only when all answered no);
 * - drain on SIGTERM/SIGINT (every worker drains as a single gateway does; the primary exits
 *   when all have) and the replacement of a worker that dies.
 *
 * On the database, each worker reads configuration and writes its own log rows through its own
 * seams (createEmbeddedSeams with instanceJobs off): a compiled configuration (policies are
 * closures) cannot cross the IPC channel, and log rows need nothing merged.
 *
 * Self-hosted (PORTCULLIS_CONFIG_URL), the primary runs the one RemoteConfigSource (one
 * long-poll, one cache file writer) and forwards each configuration it delivers, as rows, to
 * every worker, which compiles it itself (config-forwarder.ts and ForwardedConfigSource; a new
 * worker asks and gets the current one at once); the workers forward their log rows to the
 * primary's RemoteTelemetrySink (forwarding-telemetry-sink.ts says why), so the portal sees one
 * instance with one stream.
 */
import cluster, { type Worker } from "node:cluster";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { AggregatorRegistry, Registry } from "prom-client";
import { type Clock, type Repeating, systemClock } from "../clock";
import { createAdminServer, type AdminReport } from "../admin/admin-server";
import type { GatewayEnv } from "../config/env";
import { createEmbeddedSeams } from "../database-worker/embedded-seams";
import { log } from "../log";
import { answerCounterBatch, isCounterBatch } from "../policies/counters/ipc-counter-store";
import { MemoryCounterStore } from "../policies/counters/memory-counter-store";
import { createRemoteSeams } from "../remote/remote-seams";
import { GatewayMetrics } from "../telemetry/metrics";
import { MinuteMetricsCollector } from "../telemetry/minute-metrics";
import type { CloseRequest, LogRow, TelemetrySink } from "../telemetry/telemetry-sink";
import { GATEWAY_VERSION } from "../version";
import { clusterReport, clusterRevision } from "./cluster-report";
import { MergedTotals } from "./cluster-totals";
import { ConfigForwarder } from "./config-forwarder";
import { WorkerQuestions } from "./worker-questions";
import {
  isMessage,
  type AnswerMessage,
  type ConfigWantedMessage,
  type DrainedMessage,
  type DrainMessage,
  type ListeningMessage,
  type LogRowsMessage,
  type QuestionKind,
  type Questions,
} from "./cluster-messages";

/** A worker that dies sooner than this after its start is replaced after a growing delay (crash loop). */
const STABLE_AFTER_MS = 5000;
const MAX_RESPAWN_DELAY_MS = 30_000;
/** A close request some worker did not answer is asked again this often, this many times, before it is `notFound`. */
const CLOSE_RETRY_MS = 1000;
const CLOSE_TRIES = 3;

interface Slot {
  worker: Worker;
  startedAt: number;
  port: number | null;
}

/** Runs this process as the gateway's primary until it is drained. */
export async function runPrimary(env: GatewayEnv): Promise<void> {
  const primary = new GatewayPrimary(env);
  const { port, adminPort } = await primary.start();
  const source = env.remote ? { portal: env.remote.configUrl, cache: env.remote.cacheFile } : { db: env.PORTCULLIS_DB };
  log.info("gateway listening", { gateway: env.GATEWAY_ID, port, adminPort, host: env.GATEWAY_HOST, ...source, workers: env.GATEWAY_WORKERS });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log.warn("second signal: exiting now", { signal });
      primary.kill();
      process.exit(1);
    }
    stopping = true;
    log.info("gateway stopping", { signal });
    primary.drain().then(
      (clean) => {
        log.info("gateway stopped");
        process.exit(clean ? 0 : 1);
      },
      (error: unknown) => {
        log.error("gateway shutdown failed", { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

class GatewayPrimary {
  private readonly slots = new Map<number, Slot>();
  private readonly counters = new MemoryCounterStore();
  private readonly telemetry: TelemetrySink;
  /** Self-hosted: the instance's one configuration source, forwarded to the workers (no source on the database). */
  private readonly config: ConfigForwarder;
  /** The primary's own series (rows its sink dropped, its pending rows), added to the workers' in /metrics. */
  private readonly own: GatewayMetrics;
  private readonly merged: MergedTotals;
  private readonly minuteMetrics: MinuteMetricsCollector;
  private readonly admin;
  private readonly questions = new WorkerQuestions();
  private draining = false;
  /** Deaths in a row of workers that did not live STABLE_AFTER_MS, for the respawn delay. */
  private quickDeaths = 0;
  private readonly timers: Repeating[] = [];
  private readonly clock: Clock = systemClock;
  private cleanExits = true;
  private allExited: (() => void) | null = null;

  constructor(private readonly env: GatewayEnv) {
    // On the database only the sink is used: the thread's configuration reads are the workers' business.
    const seams = env.remote ? createRemoteSeams(env, env.remote, env.GATEWAY_WORKERS) : createEmbeddedSeams(env);
    this.telemetry = seams.telemetry;
    this.config = new ConfigForwarder(env.remote ? seams.config : null);
    this.own = new GatewayMetrics(env.GATEWAY_ID, () => this.telemetry.status);
    this.merged = new MergedTotals(env.GATEWAY_ID);
    this.minuteMetrics = new MinuteMetricsCollector(this.merged.metrics);
    const contentType = new Registry().contentType;
    this.admin = createAdminServer({ contentType, metrics: () => this.metricsText() }, () => this.report());
  }

  /** Forks the workers, waits until every one listens, then opens the admin port. */
  async start(): Promise<{ port: number; adminPort: number }> {
    // Its thread closes the rows a previous run left open (opened before now): workers' rows are
    // newer, so the workers start meanwhile rather than after it (a restart is back sooner).
    const telemetryStarted = this.telemetry.start({
      onLogRowDropped: (apiId) => this.own.logRowDropped(apiId),
      onCloseRequests: (requests) => void this.closeEverywhere(requests, 1),
    });
    // Before any worker: the first to ask gets the portal's configuration (or the cache file's) at once.
    await this.config.start();
    cluster.setupPrimary({ serialization: "advanced" });
    cluster.on("message", (worker, message: unknown) => this.onMessage(worker, message));
    cluster.on("exit", (worker, code, signal) => this.onExit(worker, code, signal));

    const port = await new Promise<number>((resolve, reject) => {
      this.startFailed = (worker, code, signal) => {
        // The others would fail the same way (a port in use, a bad certificate): stop them too.
        this.kill();
        reject(new Error(`gateway worker ${worker.id} exited before every worker was listening (code ${code}, signal ${signal})`));
      };
      this.onListening = () => {
        const slots = [...this.slots.values()];
        if (slots.length < this.env.GATEWAY_WORKERS || slots.some((s) => s.port === null)) return;
        this.startFailed = null;
        this.onListening = () => {};
        resolve(slots[0]!.port!);
      };
      for (let i = 0; i < this.env.GATEWAY_WORKERS; i++) this.fork();
    });

    await telemetryStarted;
    this.timers.push(this.clock.every(this.env.GATEWAY_METRICS_FLUSH_MS, () => void this.writeMinuteRows()));
    void this.heartbeat();
    this.timers.push(this.clock.every(this.env.GATEWAY_HEARTBEAT_MS, () => void this.heartbeat()));
    await new Promise<void>((resolve) => this.admin.listen(this.env.GATEWAY_ADMIN_PORT, this.env.GATEWAY_ADMIN_HOST, resolve));
    return { port, adminPort: (this.admin.address() as AddressInfo).port };
  }

  /**
   * Drains every worker (each refuses new handshakes, lets its connections go on for
   * GATEWAY_DRAIN_SECONDS, closes them with 1001 at frame boundaries) and resolves once all
   * have exited, with whether every one exited cleanly.
   */
  async drain(): Promise<boolean> {
    this.draining = true;
    for (const timer of this.timers) timer.cancel();
    const exited = new Promise<void>((resolve) => (this.allExited = resolve));
    const drainMessage: DrainMessage = { type: "portcullis:drain" };
    for (const slot of this.slots.values()) if (slot.worker.isConnected()) slot.worker.send(drainMessage);
    // A worker that cannot drain (still loading, so it never heard the message; or stuck) is not waited for ever.
    const deadline = (this.env.GATEWAY_DRAIN_SECONDS + 15) * 1000 + this.env.GATEWAY_CLOSE_TIMEOUT_MS;
    const giveUp = setTimeout(() => {
      log.error("gateway workers did not drain in time: stopping them", { workers: [...this.slots.values()].map((s) => s.worker.process.pid) });
      this.cleanExits = false;
      this.kill();
    }, deadline);
    if (this.slots.size > 0) await exited;
    clearTimeout(giveUp);
    // The workers' last totals arrived with their "drained" messages.
    this.telemetry.pushMinuteMetrics(this.minuteMetrics.collect());
    await this.config.stop();
    await this.telemetry.stop();
    this.counters.close();
    this.admin.close();
    return this.cleanExits;
  }

  /** Second signal: no drain, every worker stopped now. */
  kill(): void {
    for (const slot of this.slots.values()) slot.worker.process.kill("SIGKILL");
  }

  private onListening: () => void = () => {};
  /** Set while the first workers start: one of them exiting fails the start. */
  private startFailed: ((worker: Worker, code: number | null, signal: string | null) => void) | null = null;

  private fork(): void {
    const worker = cluster.fork();
    this.slots.set(worker.id, { worker, startedAt: Date.now(), port: null });
  }

  private onMessage(worker: Worker, message: unknown): void {
    if (isCounterBatch(message)) {
      worker.send(answerCounterBatch(this.counters, message));
      return;
    }
    if (isMessage<LogRowsMessage>(message, "portcullis:log-rows")) {
      // Copies made when the worker sent them: a row's insert and its completion arrive as two rows, in order.
      for (const row of message.rows) this.telemetry.pushLog(row as LogRow);
      return;
    }
    if (isMessage<ConfigWantedMessage>(message, "portcullis:config-wanted")) {
      this.config.wanted(worker);
      return;
    }
    if (isMessage<AnswerMessage>(message, "portcullis:answer")) {
      this.questions.answered(message);
      return;
    }
    if (isMessage<ListeningMessage>(message, "portcullis:listening")) {
      const slot = this.slots.get(worker.id);
      if (slot) slot.port = message.port;
      this.onListening();
      return;
    }
    if (isMessage<DrainedMessage>(message, "portcullis:drained")) {
      this.merged.merge(new Map([[worker.id, message.totals]]));
      this.merged.forget(worker.id);
    }
  }

  private onExit(worker: Worker, code: number | null, signal: string | null): void {
    const slot = this.slots.get(worker.id);
    this.slots.delete(worker.id);
    this.config.forget(worker.id);
    this.merged.forget(worker.id);
    this.questions.workerExited(worker.id);
    if (this.draining) {
      if (code !== 0) this.cleanExits = false;
      log.info("gateway worker exited", { worker: worker.id, pid: worker.process.pid, code, signal });
      if (this.slots.size === 0) this.allExited?.();
      return;
    }
    if (this.startFailed) return this.startFailed(worker, code, signal);
    const lived = Date.now() - (slot?.startedAt ?? 0);
    this.quickDeaths = lived < STABLE_AFTER_MS ? this.quickDeaths + 1 : 0;
    const delay = this.quickDeaths === 0 ? 0 : Math.min(MAX_RESPAWN_DELAY_MS, 250 * 2 ** (this.quickDeaths - 1));
    log.error("gateway worker died: replacing it", { worker: worker.id, pid: worker.process.pid, code, signal, replaceInMs: delay });
    setTimeout(() => {
      if (!this.draining) this.fork();
    }, delay);
  }

  /** Asks every listening worker; the answers by worker id, and whether all answered. */
  private askAll<K extends QuestionKind>(kind: K, ask: Questions[K]["ask"]): Promise<{ answers: Map<number, Questions[K]["answer"]>; complete: boolean }> {
    const listening = [...this.slots.values()].filter((s) => s.port !== null).map((s) => s.worker);
    return this.questions.askAll(listening, kind, ask);
  }

  private async metricsText(): Promise<string> {
    const { answers } = await this.askAll("metrics", {});
    return AggregatorRegistry.aggregate([...answers.values(), await this.own.registry.getMetricsAsJSON()]).metrics();
  }

  /** One heartbeat for the instance: every worker's connections. */
  private async heartbeat(): Promise<void> {
    const { answers } = await this.askAll("status", {});
    const statuses = [...answers.values()];
    this.telemetry.heartbeat({
      gatewayId: this.env.GATEWAY_ID,
      host: hostname(),
      version: GATEWAY_VERSION,
      revision: clusterRevision(statuses),
      openConnections: statuses.reduce((n, s) => n + s.connections, 0),
      at: this.clock.now(),
    });
  }

  private async report(): Promise<AdminReport> {
    const { answers } = await this.askAll("status", {});
    const workers = [...this.slots.values()].map((slot) => slot.worker);
    const own = { pending: this.telemetry.status.pending, dropped: this.telemetry.status.dropped };
    return clusterReport({ gatewayId: this.env.GATEWAY_ID, expectedWorkers: this.env.GATEWAY_WORKERS, draining: this.draining, workers, answers, own });
  }

  private async writeMinuteRows(): Promise<void> {
    const { answers } = await this.askAll("totals", {});
    this.merged.merge(answers);
    this.telemetry.pushMinuteMetrics(this.minuteMetrics.collect());
  }

  /**
   * Asks every worker to close the requested connections. A request no worker closed is
   * `notFound` once every worker answered; while one did not, it is asked again a little later.
   */
  private async closeEverywhere(requests: readonly CloseRequest[], attempt: number): Promise<void> {
    const { answers, complete } = await this.askAll("close", { requests: [...requests] });
    const closed = new Set<string>();
    for (const ids of answers.values()) for (const id of ids) closed.add(id);
    const again: CloseRequest[] = [];
    for (const request of requests) {
      const outcome = closed.has(request.logId) ? "closed" : complete || attempt >= CLOSE_TRIES ? "notFound" : null;
      if (outcome === null) {
        again.push(request);
        continue;
      }
      this.telemetry.closeRequestDone(request.id, outcome);
      log.info("close request", { id: request.id, connection: request.logId, outcome });
    }
    if (again.length > 0 && !this.draining) setTimeout(() => void this.closeEverywhere(again, attempt + 1), CLOSE_RETRY_MS).unref();
  }
}
