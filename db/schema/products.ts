import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { apiLinkColumns } from "./apis";
import { auditColumns, ownerId, resourceId } from "./columns";

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
  { productId: ownerId("product_id", () => products.id), ...apiLinkColumns() },
  (t) => [primaryKey({ columns: [t.productId, t.apiId] })],
);
