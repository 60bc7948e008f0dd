import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./columns";

/**
 * An administrator's request to close one open connection (1008 with `reason`). The portal
 * has no network path to the gateways; they share the database, so each gateway polls this
 * table for its own pending requests, closes the tunnel whose log row is `logId` and marks the
 * request done. No foreign keys: the log row may be pruned before the request is.
 */
export const connectionCloseRequests = sqliteTable(
  "connection_close_requests",
  {
    id: text("id").primaryKey(),
    /** The gateway_logs row of the connection: its id is the connection's id. */
    logId: text("log_id").notNull(),
    gatewayId: text("gateway_id").notNull(),
    /** The Close frame's reason (at most 123 bytes of UTF-8). */
    reason: text("reason").notNull(),
    /** Who asked: a user's or API token's id. */
    requestedBy: text("requested_by").notNull(),
    requestedAt: timestamp("requested_at").notNull(),
    /** When the gateway handled it; null while pending. */
    doneAt: timestamp("done_at"),
    /** closed: the gateway closed the connection; notFound: it was not open there any more. */
    outcome: text("outcome", { enum: ["closed", "notFound"] }),
  },
  (t) => [index("connection_close_requests_pending_idx").on(t.gatewayId, t.doneAt)],
);
