/**
 * One worker of a gateway with GATEWAY_WORKERS > 1: a whole gateway (handshakes, tunnels,
 * configuration, log rows) on the client port the primary shares, with its counters in the
 * primary (or Redis) and no admin listener of its own. On the database, it has its own
 * database thread for configuration and log rows; self-hosted, the primary's one portal
 * connection forwards it the configuration and ships its log rows. It answers the primary's
 * questions (status, metrics, totals, close requests) and drains when told to.
 */
import type { GatewayEnv } from "../config/env";
import { createEmbeddedSeams } from "../database-worker/embedded-seams";
import { Gateway, type GatewaySeams } from "../gateway";
import { log } from "../log";
import { IpcCounterStore } from "../policies/counters/ipc-counter-store";
import { reportTotals } from "./cluster-totals";
import { ForwardedConfigSource } from "./forwarded-config-source";
import { ForwardingTelemetrySink } from "./forwarding-telemetry-sink";
import { isMessage, type AskMessage, type DrainedMessage, type ListeningMessage, type Questions, type QuestionKind } from "./cluster-messages";

/** Runs this process as a cluster worker until it is drained or its primary goes away. */
export async function runWorker(env: GatewayEnv): Promise<void> {
  const send = (message: unknown): boolean => (process.connected ? process.send!(message) : false);
  // With REDIS_URL every worker talks to Redis itself (the Gateway builds that store); otherwise the primary keeps the counters.
  const ipcCounters =
    env.REDIS_URL === undefined
      ? new IpcCounterStore({ send }, { onFailOpen: (reason, count) => log.warn("rate-limit and quota counters unanswered: handshakes let through", { reason, count }) })
      : null;
  // Round robin spreads connections evenly: each worker takes its share of the instance's limit.
  const maxConnections = Math.max(1, Math.ceil(env.GATEWAY_MAX_CONNECTIONS / env.GATEWAY_WORKERS));
  const workerEnv = { ...env, GATEWAY_MAX_CONNECTIONS: maxConnections };
  // On the database, its own database thread reads configuration and writes its log rows; the primary's does the once-per-instance jobs.
  const forwardedConfig = env.remote ? new ForwardedConfigSource(send) : null;
  const seams: GatewaySeams = forwardedConfig
    ? {
        config: forwardedConfig,
        telemetry: new ForwardingTelemetrySink({
          send: (message, done) => (process.connected ? process.send!(message, undefined, {}, () => done()) : false),
          maxQueue: env.GATEWAY_LOG_QUEUE_MAX,
          flushMs: env.GATEWAY_LOG_FLUSH_MS,
          enabled: env.GATEWAY_TELEMETRY === "on",
        }),
      }
    : createEmbeddedSeams(workerEnv, { instanceJobs: false });
  const gateway = new Gateway(workerEnv, seams, { counters: ipcCounters ?? undefined, clusterWorker: true });

  let drained: Promise<void> | null = null;
  const drain = (why: string): Promise<void> => {
    drained ??= (async () => {
      log.info("gateway worker draining", { pid: process.pid, why });
      await gateway.shutdown();
      const message: DrainedMessage = { type: "portcullis:drained", totals: reportTotals(gateway.metrics) };
      if (process.connected) await new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));
      process.exit(0);
    })().catch((error: unknown) => {
      log.error("gateway worker drain failed", { error: String(error) });
      process.exit(1);
    });
    return drained;
  };

  const answers: { [K in QuestionKind]: (ask: Questions[K]["ask"]) => Questions[K]["answer"] | Promise<Questions[K]["answer"]> } = {
    status: () => ({ ...gateway.status(), pid: process.pid }),
    metrics: () => gateway.metrics.registry.getMetricsAsJSON(),
    totals: () => reportTotals(gateway.metrics),
    close: ({ requests }) => gateway.closeConnections(requests),
  };
  process.on("message", (message: unknown) => {
    if (ipcCounters?.receive(message)) return;
    if (forwardedConfig?.receive(message)) return;
    if (isMessage<AskMessage>(message, "portcullis:ask")) {
      const answer = (answers[message.kind] as (ask: unknown) => unknown)(message.ask);
      void Promise.resolve(answer).then((value) => send({ type: "portcullis:answer", id: message.id, answer: value }));
      return;
    }
    if (isMessage(message, "portcullis:drain")) void drain("asked by the primary");
  });
  // Without its primary no new connection reaches this worker: finish the open ones and go.
  process.on("disconnect", () => {
    ipcCounters?.close();
    void drain("the primary process is gone");
  });
  // Ctrl-C reaches the whole process group: the primary decides and tells each worker to drain.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => void drain("SIGTERM"));

  const { port } = await gateway.listen();
  const listening: ListeningMessage = { type: "portcullis:listening", port };
  send(listening);
  log.info("gateway worker listening", { pid: process.pid, port });
}
