import { primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { apis } from "./apis";
import { auditColumns, resourceId, timestamp } from "./columns";

/** The id of the gateway co-deployed with the portal; it always exists. */
export const MANAGED_GATEWAY_ID = "managed";

/** A gateway process (the managed one, or a self-hosted one that reports back). */
export const gateways = sqliteTable("gateways", {
  id: resourceId(),
  displayName: text("display_name").notNull(),
  description: text("description").notNull().default(""),
  /** Last time the gateway told us it was alive (remote gateways; the managed one writes it too). */
  lastHeartbeatAt: timestamp("last_heartbeat_at"),
  ...auditColumns,
});

export const gatewayApis = sqliteTable(
  "gateway_apis",
  {
    gatewayId: text("gateway_id")
      .notNull()
      .references(() => gateways.id, { onDelete: "cascade" }),
    apiId: text("api_id")
      .notNull()
      .references(() => apis.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at").notNull().$defaultFn(() => new Date()),
  },
  (t) => [primaryKey({ columns: [t.gatewayId, t.apiId] })],
);
