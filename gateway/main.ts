import { databasePath, migrateDatabase, openDatabase } from "../db/client";
import { parseGatewayEnv } from "./config/env";
import { Gateway } from "./gateway";
import { log } from "./log";
import { createRemoteSeams } from "./remote/remote-seams";

/** A token this close to its expiry is worth a warning at start. */
const TOKEN_EXPIRY_WARNING_MS = 7 * 24 * 60 * 60 * 1000;

/** Entry point of the gateway process (`npm run gateway`): a plain Node process. */
async function main(): Promise<void> {
  const env = parseGatewayEnv(process.env);
  for (const notice of env.notices) log.warn(notice);
  const { remote } = env;
  if (remote) {
    // A self-hosted gateway: no database file, no migrations, no secrets file (DESIGN §6).
    const left = remote.tokenExpiry.getTime() - Date.now();
    if (left < TOKEN_EXPIRY_WARNING_MS) {
      log.warn(left <= 0 ? "the gateway token has expired: the portal will refuse it" : "the gateway token expires soon", {
        gateway: remote.gatewayId,
        expiry: remote.tokenExpiry.toISOString(),
      });
    }
  } else {
    env.PORTCULLIS_DB = databasePath({ PORTCULLIS_DB: env.PORTCULLIS_DB });
    // Alone (`npm run gateway`) the gateway may meet a new database file: migrate it first.
    const setup = openDatabase(env.PORTCULLIS_DB);
    migrateDatabase(setup);
    setup.$client.close();
  }

  const gateway = new Gateway(env, remote ? createRemoteSeams(env, remote) : undefined);
  const { port, adminPort } = await gateway.listen();
  const source = remote ? { portal: remote.configUrl, cache: remote.cacheFile } : { db: env.PORTCULLIS_DB };
  log.info("gateway listening", { gateway: env.GATEWAY_ID, port, adminPort, host: env.GATEWAY_HOST, ...source });

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
  log.error("gateway failed to start", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
