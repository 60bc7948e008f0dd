import type Database from "better-sqlite3";
import type { MinuteMetricRow } from "./telemetry-sink";

/**
 * Adds per-minute rows into `metrics_minute` (database thread only): counts add up, the peak is
 * a maximum, the latest active count and the minute's latency figures replace what was there.
 */
export class MinuteRowWriter {
  private readonly upsert;

  constructor(private readonly sqlite: Database.Database) {
    this.upsert = sqlite.prepare(
      `INSERT INTO metrics_minute (minute, gateway_id, api_id, attempts_succeeded, attempts_failed, attempts_by_code,
         messages_inbound, messages_outbound, bytes_inbound, bytes_outbound, active_connections_peak, active_connections_last,
         handshake_p50_us, handshake_p95_us, handshake_p99_us, handshake_histogram, log_rows_dropped)
       VALUES (@minute, @gatewayId, @apiId, @attemptsSucceeded, @attemptsFailed, @byCode, @messagesInbound, @messagesOutbound,
         @bytesInbound, @bytesOutbound, @activeConnectionsPeak, @activeConnectionsLast, @handshakeP50Us, @handshakeP95Us,
         @handshakeP99Us, @histogram, @logRowsDropped)
       ON CONFLICT (minute, gateway_id, api_id) DO UPDATE SET
         attempts_succeeded = attempts_succeeded + excluded.attempts_succeeded,
         attempts_failed = attempts_failed + excluded.attempts_failed,
         attempts_by_code = (SELECT json_group_object(key, total) FROM (
           SELECT key, SUM(value) AS total FROM (
             SELECT key, value FROM json_each(metrics_minute.attempts_by_code)
             UNION ALL SELECT key, value FROM json_each(excluded.attempts_by_code)) GROUP BY key)),
         messages_inbound = messages_inbound + excluded.messages_inbound,
         messages_outbound = messages_outbound + excluded.messages_outbound,
         bytes_inbound = bytes_inbound + excluded.bytes_inbound,
         bytes_outbound = bytes_outbound + excluded.bytes_outbound,
         active_connections_peak = MAX(active_connections_peak, excluded.active_connections_peak),
         active_connections_last = excluded.active_connections_last,
         handshake_p50_us = COALESCE(excluded.handshake_p50_us, handshake_p50_us),
         handshake_p95_us = COALESCE(excluded.handshake_p95_us, handshake_p95_us),
         handshake_p99_us = COALESCE(excluded.handshake_p99_us, handshake_p99_us),
         handshake_histogram = CASE WHEN excluded.handshake_p50_us IS NULL THEN handshake_histogram ELSE excluded.handshake_histogram END,
         log_rows_dropped = log_rows_dropped + excluded.log_rows_dropped`,
    );
  }

  /** Writes the rows in one transaction; throws (nothing written) when it cannot. */
  write(rows: readonly MinuteMetricRow[]): void {
    this.sqlite.transaction(() => {
      for (const row of rows)
        this.upsert.run({ ...row, byCode: JSON.stringify(row.attemptsByCode), histogram: JSON.stringify(row.handshakeHistogram) });
    })();
  }
}
