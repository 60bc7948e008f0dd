import { getTableColumns, getTableName } from "drizzle-orm";
import { gatewayLogs } from "../../db/schema/gateway-logs";
import type { TelemetryMinuteRow } from "../remote/protocol";
import type { MinuteMetricRow } from "./telemetry-sink";
/**
 * The statements that write telemetry rows, in one place: the gateway's own writers run them on
 * its SQLite file, and the portal runs the same ones on rows a self-hosted gateway ships
 * (server/gateway-sync/ingest-gateway-telemetry.ts), so both store a row the same way.
 */

type LogField = keyof typeof gatewayLogs.$inferSelect;

/** Every gateway_logs column by its field name, from db/schema: the statements below never list them by hand. */
const LOG_COLUMNS = getTableColumns(gatewayLogs);
const LOG_FIELDS = Object.keys(LOG_COLUMNS) as LogField[];
const column = (field: LogField): string => LOG_COLUMNS[field].name;
/** What a connection's close fills in (overwriting). */
const CLOSE_FIELDS: readonly LogField[] = ["closedAt", "durationMs", "closeCode", "closeReason", "closedBy", "messagesInbound", "messagesOutbound", "bytesInbound", "bytesOutbound"];
/** An error found at close fills these only when the handshake left them empty (the first error is kept). */
const ERROR_FIELDS: readonly LogField[] = ["lastErrorReason", "lastErrorMessage", "lastErrorSource"];

/** Inserts one gateway_logs row; parameters are the schema's field names (HandshakeRecord's). */
export const GATEWAY_LOG_INSERT_SQL = `INSERT INTO ${getTableName(gatewayLogs)} (${LOG_FIELDS.map(column).join(", ")})
       VALUES (${LOG_FIELDS.map((f) => `@${f}`).join(", ")})`;

/**
 * Completes a row at close: close fields overwrite, an error found at close keeps the first
 * one otherwise. Only a row of the same gateway (a remote gateway cannot touch another's rows).
 */
export const GATEWAY_LOG_COMPLETE_SQL = `UPDATE ${getTableName(gatewayLogs)} SET ${[
  ...CLOSE_FIELDS.map((f) => `${column(f)} = @${f}`),
  ...ERROR_FIELDS.map((f) => `${column(f)} = COALESCE(@${f}, ${column(f)})`),
].join(", ")}
       WHERE ${column("id")} = @id AND ${column("gatewayId")} = @gatewayId`;

/**
 * Inserts a row or, when it exists, completes it as GATEWAY_LOG_COMPLETE_SQL does (the gateway's own
 * database thread); a completion whose insert was lost inserts the whole row.
 */
export const GATEWAY_LOG_UPSERT_SQL = `${GATEWAY_LOG_INSERT_SQL}
       ON CONFLICT (${column("id")}) DO UPDATE SET ${[
  ...CLOSE_FIELDS.map((f) => `${column(f)} = excluded.${column(f)}`),
  ...ERROR_FIELDS.map((f) => `${column(f)} = COALESCE(excluded.${column(f)}, ${column(f)})`),
].join(", ")}`;

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
