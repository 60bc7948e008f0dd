import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Per-minute counters per API and gateway, flushed by each gateway and summed on read. */
export const metricsMinute = sqliteTable(
  "metrics_minute",
  {
    /** Minute since the epoch (floor(ms / 60000)). */
    minute: integer("minute").notNull(),
    gatewayId: text("gateway_id").notNull(),
    /** "" for attempts that matched no API. */
    apiId: text("api_id").notNull(),
    attemptsSucceeded: integer("attempts_succeeded").notNull().default(0),
    attemptsFailed: integer("attempts_failed").notNull().default(0),
    /** {"101": n, "401": n, …} */
    attemptsByCode: text("attempts_by_code", { mode: "json" }).$type<Record<string, number>>().notNull().default({}),
    messagesInbound: integer("messages_inbound").notNull().default(0),
    messagesOutbound: integer("messages_outbound").notNull().default(0),
    bytesInbound: integer("bytes_inbound").notNull().default(0),
    bytesOutbound: integer("bytes_outbound").notNull().default(0),
    activeConnectionsPeak: integer("active_connections_peak").notNull().default(0),
    activeConnectionsLast: integer("active_connections_last").notNull().default(0),
    /**
     * Handshake latency percentiles of the minute in microseconds (null without attempts),
     * estimated from `handshakeHistogram` (buckets 10% wide, so within about 5%).
     */
    handshakeP50Us: integer("handshake_p50_us"),
    handshakeP95Us: integer("handshake_p95_us"),
    handshakeP99Us: integer("handshake_p99_us"),
    /**
     * The minute's handshake latencies as {"bucket index": count} (gateway/telemetry/latency-histogram.ts),
     * so that minutes, APIs and gateways can be merged before taking percentiles.
     */
    handshakeHistogram: text("handshake_histogram", { mode: "json" }).$type<Record<string, number>>().notNull().default({}),
    /** Log rows of this API the gateway dropped because its log queue was full (DESIGN.md §5). */
    logRowsDropped: integer("log_rows_dropped").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.minute, t.gatewayId, t.apiId] })],
);
