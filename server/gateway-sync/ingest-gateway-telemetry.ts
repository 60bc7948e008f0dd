import type { Db } from "@/db/client";
import type { TelemetryRequest } from "@/gateway/remote/protocol";
import { GATEWAY_LOG_COMPLETE_SQL, GATEWAY_LOG_INSERT_SQL, METRICS_MINUTE_UPSERT_SQL } from "@/gateway/telemetry/telemetry-sql";

/** What one batch did. */
export interface TelemetryIngestResult {
  logsInserted: number;
  logsCompleted: number;
  /** Rows whose id belongs to another gateway's log row: left alone. */
  logsRefused: number;
  minutes: number;
}

/**
 * `POST /telemetry`: stores a self-hosted gateway's log rows and minute deltas with the
 * statements its own writers would run (gateway/telemetry/telemetry-sql.ts), in one
 * transaction. Every row is filed under `gatewayId`, the token's gateway, whatever the body says.
 * A log row whose id exists already completes it (a connection that closed since).
 */
export function ingestGatewayTelemetry(db: Db, gatewayId: string, batch: TelemetryRequest): TelemetryIngestResult {
  const sqlite = db.$client;
  const owner = sqlite.prepare<[string], { gateway_id: string }>("SELECT gateway_id FROM gateway_logs WHERE id = ?");
  const insert = sqlite.prepare(GATEWAY_LOG_INSERT_SQL);
  const complete = sqlite.prepare(GATEWAY_LOG_COMPLETE_SQL);
  const upsertMinute = sqlite.prepare(METRICS_MINUTE_UPSERT_SQL);
  const result: TelemetryIngestResult = { logsInserted: 0, logsCompleted: 0, logsRefused: 0, minutes: 0 };
  sqlite.transaction(() => {
    for (const row of batch.logs) {
      const params = { ...row, gatewayId };
      const existing = owner.get(row.id);
      if (!existing) {
        insert.run(params);
        result.logsInserted++;
      } else if (existing.gateway_id === gatewayId) {
        complete.run(params);
        result.logsCompleted++;
      } else {
        result.logsRefused++;
      }
    }
    for (const row of batch.minutes) {
      upsertMinute.run({ ...row, gatewayId });
      result.minutes++;
    }
  }).immediate();
  return result;
}
