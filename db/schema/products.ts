import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { apis } from "./apis";
import { auditColumns, resourceId, timestamp } from "./columns";

/** A product bundles APIs that developers subscribe to together. */
export const products = sqliteTable("products", {
  id: resourceId(),
  displayName: text("display_name").notNull(),
  description: text("description").notNull().default(""),
  subscriptionRequired: integer("subscription_required", { mode: "boolean" }).notNull().default(true),
  approvalRequired: integer("approval_required", { mode: "boolean" }).notNull().default(false),
  /** Subscriptions one user may hold to this product; null means unlimited. */
  subscriptionsLimit: integer("subscriptions_limit"),
  state: text("state", { enum: ["published", "notPublished"] }).notNull().default("notPublished"),
  ...auditColumns,
});

export const productApis = sqliteTable(
  "product_apis",
  {
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    apiId: text("api_id")
      .notNull()
      .references(() => apis.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at").notNull().$defaultFn(() => new Date()),
  },
  (t) => [primaryKey({ columns: [t.productId, t.apiId] })],
);
