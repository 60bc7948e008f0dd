import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./columns";

/**
 * One row per handshake attempt (APIM's ApiManagementGatewayLogs columns where they apply),
 * inserted when the handshake is decided and completed when the connection closes.
 */
export const gatewayLogs = sqliteTable(
  "gateway_logs",
  {
    id: text("id").primaryKey(),
    time: timestamp("time").notNull(),
    gatewayId: text("gateway_id").notNull(),
    /** No foreign keys: logs outlive the APIs and subscriptions they mention. */
    apiId: text("api_id"),
    operationId: text("operation_id"),
    productId: text("product_id"),
    subscriptionId: text("subscription_id"),
    userId: text("user_id"),
    callerIp: text("caller_ip").notNull(),
    method: text("method").notNull(),
    /** Request URL with secrets (subscription keys, tokens) redacted. */
    url: text("url").notNull(),
    responseCode: integer("response_code").notNull(),
    backendResponseCode: integer("backend_response_code"),
    backendUrl: text("backend_url"),
    totalTime: integer("total_time_ms").notNull(),
    backendTime: integer("backend_time_ms"),
    lastErrorReason: text("last_error_reason"),
    lastErrorMessage: text("last_error_message"),
    lastErrorSource: text("last_error_source"),
    /** Trace id a test console attaches, so it can find this row. */
    traceId: text("trace_id"),
    closedAt: timestamp("closed_at"),
    durationMs: integer("duration_ms"),
    closeCode: integer("close_code"),
    closeReason: text("close_reason"),
    closedBy: text("closed_by", { enum: ["client", "backend", "gateway"] }),
    messagesInbound: integer("messages_inbound").notNull().default(0),
    messagesOutbound: integer("messages_outbound").notNull().default(0),
    bytesInbound: integer("bytes_inbound").notNull().default(0),
    bytesOutbound: integer("bytes_outbound").notNull().default(0),
  },
  (t) => [
    index("gateway_logs_time_idx").on(t.time),
    index("gateway_logs_api_time_idx").on(t.apiId, t.time),
    index("gateway_logs_trace_idx").on(t.traceId),
    /** Open connections (accepted, close not recorded yet): the live view and the gateway's restart clean-up read only these. */
    index("gateway_logs_open_idx")
      .on(t.gatewayId, t.time)
      .where(sql`response_code = 101 AND closed_at IS NULL`),
  ],
);
