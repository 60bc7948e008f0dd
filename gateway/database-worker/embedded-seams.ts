import { SqliteConfigSource } from "../config/sqlite-config-source";
import type { ConfigSource } from "../config/config-source";
import type { GatewayEnv } from "../config/env";
import { SqliteTelemetrySink } from "../telemetry/sqlite-telemetry-sink";
import type { TelemetrySink } from "../telemetry/telemetry-sink";
import { DatabaseThread } from "./database-thread";

/** SQLite busy timeout of the database thread: short, because a busy write is retried rather than waited on. */
const BUSY_TIMEOUT_MS = 50;
/** Pause before a write that met a locked database is tried again. */
const RETRY_MS = 100;
/** How long a stopping gateway lets the thread retry a locked database before the rest is dropped. */
const STOP_TIMEOUT_MS = 5000;

/** The gateway's seams over its SQLite file (DESIGN §6), both served by one database thread. */
export function createEmbeddedSeams(env: GatewayEnv): { config: ConfigSource; telemetry: TelemetrySink } {
  const thread = new DatabaseThread({
    dbFile: env.PORTCULLIS_DB,
    gatewayId: env.GATEWAY_ID,
    pollMs: env.GATEWAY_CONFIG_POLL_MS,
    telemetry: env.GATEWAY_TELEMETRY === "on",
    retentionDays: env.GATEWAY_LOG_RETENTION_DAYS,
    retentionIntervalMs: env.GATEWAY_RETENTION_INTERVAL_MS,
    startedAt: Date.now(),
    busyTimeoutMs: BUSY_TIMEOUT_MS,
    retryMs: RETRY_MS,
  });
  return {
    config: new SqliteConfigSource(thread),
    telemetry: new SqliteTelemetrySink(thread, {
      queueMax: env.GATEWAY_LOG_QUEUE_MAX,
      flushMs: env.GATEWAY_LOG_FLUSH_MS,
      enabled: env.GATEWAY_TELEMETRY === "on",
      stopTimeoutMs: STOP_TIMEOUT_MS,
    }),
  };
}
