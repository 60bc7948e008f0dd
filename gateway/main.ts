import cluster from "node:cluster";
import { databasePath, migrateDatabase, openDatabase } from "../db/client";
import { runPrimary } from "./cluster/run-primary";
import { runWorker } from "./cluster/run-worker";
import { parseGatewayEnv, type GatewayEnv } from "./config/env";
import { Gateway } from "./gateway";
import { log } from "./log";

/**
 * Entry point of the gateway process (`npm run gateway`): a plain Node process. With
 * GATEWAY_WORKERS > 1 it is the primary of a cluster and this same file runs in each worker.
 */
async function main(): Promise<void> {
  const env = parseGatewayEnv(process.env);
  env.PORTCULLIS_DB = databasePath({ PORTCULLIS_DB: env.PORTCULLIS_DB });
  if (cluster.isWorker) return runWorker(env);
  // Alone (`npm run gateway`) the gateway may meet a new database file: migrate it first (once, before any worker).
  const setup = openDatabase(env.PORTCULLIS_DB);
  migrateDatabase(setup);
  setup.$client.close();
  if (env.GATEWAY_WORKERS > 1) return runPrimary(env);
  return runSingle(env);
}

/** One process serving everything: no primary, no IPC hop. */
async function runSingle(env: GatewayEnv): Promise<void> {
  const gateway = new Gateway(env);
  const { port, adminPort } = await gateway.listen();
  log.info("gateway listening", { gateway: env.GATEWAY_ID, port, adminPort, host: env.GATEWAY_HOST, db: env.PORTCULLIS_DB, workers: 1 });

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
