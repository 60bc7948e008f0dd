import type { TelemetryMinuteRow } from "../remote/protocol";
import type { MinuteMetricRow } from "./telemetry-sink";
/**
 * The statements that write telemetry rows, in one place: the gateway's own writers run them on
 * its SQLite file, and the portal runs the same ones on rows a self-hosted gateway ships
 * (server/gateway-sync/ingest-gateway-telemetry.ts), so both store a row the same way.
 */

/** Inserts one gateway_logs row; parameters are HandshakeRecord's field names. */
export const GATEWAY_LOG_INSERT_SQL = `INSERT INTO gateway_logs (id, time, gateway_id, api_id, operation_id, product_id, subscription_id, user_id,
        caller_ip, method, url, response_code, backend_response_code, backend_url, total_time_ms, backend_time_ms,
        last_error_reason, last_error_message, last_error_source, trace_id, closed_at, duration_ms, close_code,
        close_reason, closed_by, messages_inbound, messages_outbound, bytes_inbound, bytes_outbound)
       VALUES (@id, @time, @gatewayId, @apiId, @operationId, @productId, @subscriptionId, @userId, @callerIp, @method,
        @url, @responseCode, @backendResponseCode, @backendUrl, @totalTime, @backendTime, @lastErrorReason,
        @lastErrorMessage, @lastErrorSource, @traceId, @closedAt, @durationMs, @closeCode, @closeReason, @closedBy,
        @messagesInbound, @messagesOutbound, @bytesInbound, @bytesOutbound)`;

/**
 * Completes a row at close: close fields overwrite, an error found at close keeps the first
 * one otherwise. Only a row of the same gateway (a remote gateway cannot touch another's rows).
 */
export const GATEWAY_LOG_COMPLETE_SQL = `UPDATE gateway_logs SET closed_at = @closedAt, duration_ms = @durationMs, close_code = @closeCode,
        close_reason = @closeReason, closed_by = @closedBy, messages_inbound = @messagesInbound,
        messages_outbound = @messagesOutbound, bytes_inbound = @bytesInbound, bytes_outbound = @bytesOutbound,
        last_error_reason = COALESCE(@lastErrorReason, last_error_reason),
        last_error_message = COALESCE(@lastErrorMessage, last_error_message),
        last_error_source = COALESCE(@lastErrorSource, last_error_source)
       WHERE id = @id AND gateway_id = @gatewayId`;

/** Adds one minute's deltas to its metrics_minute row (counts summed, peak maxed, percentiles replaced). */
export const METRICS_MINUTE_UPSERT_SQL = `INSERT INTO metrics_minute (minute, gateway_id, api_id, attempts_succeeded, attempts_failed, attempts_by_code,
         messages_inbound, messages_outbound, bytes_inbound, bytes_outbound, active_connections_peak, active_connections_last,
         handshake_p50_us, handshake_p95_us, handshake_p99_us, handshake_histogram, log_rows_dropped)
       VALUES (@minute, @gatewayId, @apiId, @succeeded, @failed, @byCode, @messagesInbound, @messagesOutbound,
         @bytesInbound, @bytesOutbound, @peak, @active, @p50, @p95, @p99, @histogram, @logRowsDropped)
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
         log_rows_dropped = log_rows_dropped + excluded.log_rows_dropped`;

/** A minute row as METRICS_MINUTE_UPSERT_SQL's parameters, which are also its wire names (protocol.ts; JSON as text). */
export function toTelemetryMinuteRow(row: MinuteMetricRow): TelemetryMinuteRow {
  return {
    minute: row.minute,
    gatewayId: row.gatewayId,
    apiId: row.apiId,
    succeeded: row.attemptsSucceeded,
    failed: row.attemptsFailed,
    byCode: JSON.stringify(row.attemptsByCode),
    messagesInbound: row.messagesInbound,
    messagesOutbound: row.messagesOutbound,
    bytesInbound: row.bytesInbound,
    bytesOutbound: row.bytesOutbound,
    peak: row.activeConnectionsPeak,
    active: row.activeConnectionsLast,
    p50: row.handshakeP50Us,
    p95: row.handshakeP95Us,
    p99: row.handshakeP99Us,
    histogram: JSON.stringify(row.handshakeHistogram),
    logRowsDropped: row.logRowsDropped,
  };
}
