import type Database from "better-sqlite3";
import type { LogRow } from "./telemetry-sink";

/**
 * Writes gateway log rows (database thread only): one statement that inserts a row or, when it
 * exists, completes it with its close. A completion whose insert was lost inserts the whole row.
 */
export class LogRowWriter {
  private readonly upsert;

  constructor(private readonly sqlite: Database.Database) {
    this.upsert = sqlite.prepare(
      `INSERT INTO gateway_logs (id, time, gateway_id, api_id, operation_id, product_id, subscription_id, user_id,
        caller_ip, method, url, response_code, backend_response_code, backend_url, total_time_ms, backend_time_ms,
        last_error_reason, last_error_message, last_error_source, trace_id, closed_at, duration_ms, close_code,
        close_reason, closed_by, messages_inbound, messages_outbound, bytes_inbound, bytes_outbound)
       VALUES (@id, @time, @gatewayId, @apiId, @operationId, @productId, @subscriptionId, @userId, @callerIp, @method,
        @url, @responseCode, @backendResponseCode, @backendUrl, @totalTime, @backendTime, @lastErrorReason,
        @lastErrorMessage, @lastErrorSource, @traceId, @closedAt, @durationMs, @closeCode, @closeReason, @closedBy,
        @messagesInbound, @messagesOutbound, @bytesInbound, @bytesOutbound)
       ON CONFLICT (id) DO UPDATE SET closed_at = excluded.closed_at, duration_ms = excluded.duration_ms,
        close_code = excluded.close_code, close_reason = excluded.close_reason, closed_by = excluded.closed_by,
        messages_inbound = excluded.messages_inbound, messages_outbound = excluded.messages_outbound,
        bytes_inbound = excluded.bytes_inbound, bytes_outbound = excluded.bytes_outbound,
        last_error_reason = COALESCE(excluded.last_error_reason, last_error_reason),
        last_error_message = COALESCE(excluded.last_error_message, last_error_message),
        last_error_source = COALESCE(excluded.last_error_source, last_error_source)`,
    );
  }

  /** Writes the batch in one transaction; throws (nothing written) when it cannot, e.g. SQLITE_BUSY. */
  write(rows: readonly LogRow[]): void {
    this.sqlite.transaction(() => {
      for (const row of rows) this.upsert.run(row);
    })();
  }
}
