import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { auditColumns, ownerId, resourceId, timestamp } from "./columns";

export type ApiProtocol = "ws" | "wss";

/** A WebSocket API: one backend `serviceUrl` published under one gateway `path`. */
export const apis = sqliteTable(
  "apis",
  {
    id: resourceId(),
    displayName: text("display_name").notNull(),
    description: text("description").notNull().default(""),
    /** Always "websocket" today; kept so the resource shape matches APIM's. */
    type: text("type", { enum: ["websocket"] }).notNull().default("websocket"),
    serviceUrl: text("service_url").notNull(),
    /** URL suffix under the gateway, without leading or trailing slash; unique. */
    path: text("path").notNull(),
    protocols: text("protocols", { mode: "json" }).$type<ApiProtocol[]>().notNull().default(sql`'["wss"]'`),
    subscriptionRequired: integer("subscription_required", { mode: "boolean" }).notNull().default(true),
    subscriptionKeyHeaderName: text("subscription_key_header_name").notNull().default("Ocp-Apim-Subscription-Key"),
    subscriptionKeyQueryName: text("subscription_key_query_name").notNull().default("subscription-key"),
    ...auditColumns,
  },
  (t) => [uniqueIndex("apis_path_unique").on(t.path)],
);

/** The columns of a row that links an aggregate to an API (a product's or a gateway's APIs): it goes with the API. */
export const apiLinkColumns = () => ({
  apiId: ownerId("api_id", () => apis.id),
  createdAt: timestamp("created_at").notNull().$defaultFn(() => new Date()),
});
