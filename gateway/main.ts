import cluster from "node:cluster";
import { databasePath, migrateDatabase, openDatabase } from "../db/client";
import { parseGatewayEnv, type GatewayEnv } from "./config/env";
import { log } from "./log";
import { warnIfTokenExpiresSoon } from "./remote/token-expiry-warning";

/**
 * Entry point of the gateway process (`npm run gateway`): a plain Node process. With
 * GATEWAY_WORKERS > 1 it is the primary of a cluster and this same file runs in each worker.
 */
async function main(): Promise<void> {
  const env = parseGatewayEnv(process.env);
  for (const notice of env.notices) if (!cluster.isWorker) log.warn(notice);
  const { remote } = env;
  if (remote) {
    // A self-hosted gateway: no database file, no migrations, no secrets file (DESIGN §6).
    if (!cluster.isWorker) warnIfTokenExpiresSoon(remote.tokenExpiry, remote.gatewayId);
  } else {
    env.PORTCULLIS_DB = databasePath({ PORTCULLIS_DB: env.PORTCULLIS_DB });
  }
  // Each role loads only its own modules: a primary never runs handshakes, so a restart is back sooner.
  if (cluster.isWorker) return (await import("./cluster/run-worker")).runWorker(env);
  if (!remote) {
    // Alone (`npm run gateway`) the gateway may meet a new database file: migrate it first (once, before any worker).
    const setup = openDatabase(env.PORTCULLIS_DB);
    migrateDatabase(setup);
    setup.$client.close();
  }
  if (env.GATEWAY_WORKERS > 1) return (await import("./cluster/run-primary")).runPrimary(env);
  return runSingle(env);
}

/** One process serving everything: no primary, no IPC hop. */
async function runSingle(env: GatewayEnv): Promise<void> {
  const { remote } = env;
  const [{ Gateway }, { createRemoteSeams }] = await Promise.all([import("./gateway"), import("./remote/remote-seams")]);
  const gateway = new Gateway(env, remote ? createRemoteSeams(env, remote) : undefined);
  const { port, adminPort } = await gateway.listen();
  const source = remote ? { portal: remote.configUrl, cache: remote.cacheFile } : { db: env.PORTCULLIS_DB };
  log.info("gateway listening", { gateway: env.GATEWAY_ID, port, adminPort, host: env.GATEWAY_HOST, ...source, workers: 1, relay: gateway.relay });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log.warn("second signal: exiting now", { signal });
      process.exit(1);
    }
    stopping = true;
    log.info("gateway stopping", { signal });
    gateway.shutdown().then(
      () => {
        log.info("gateway stopped");
        process.exit(0);
      },
      (error) => {
        log.error("gateway shutdown failed", { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error) => {
  log.error(cluster.isWorker ? "gateway worker failed to start" : "gateway failed to start", {
    error: error instanceof Error ? error.message : String(error),
  });
  process.exit(1);
});
