import { databasePath, migrateDatabase, openDatabase } from "../db/client";
import { parseGatewayEnv } from "./config/env";
import { Gateway } from "./gateway";
import { log } from "./log";

/** Entry point of the gateway process (`npm run gateway`): a plain Node process. */
async function main(): Promise<void> {
  const env = parseGatewayEnv(process.env);
  env.PORTCULLIS_DB = databasePath({ PORTCULLIS_DB: env.PORTCULLIS_DB });
  // Alone (`npm run gateway`) the gateway may meet a new database file: migrate it first.
  const setup = openDatabase(env.PORTCULLIS_DB);
  migrateDatabase(setup);
  setup.$client.close();

  const gateway = new Gateway(env);
  const { port, adminPort } = await gateway.listen();
  log.info("gateway listening", { gateway: env.GATEWAY_ID, port, adminPort, host: env.GATEWAY_HOST, db: env.PORTCULLIS_DB });

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
