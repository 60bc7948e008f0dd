import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { auditColumns, resourceId, timestamp } from "./columns";
import { users } from "./users";

export const SUBSCRIPTION_STATES = ["submitted", "active", "suspended", "cancelled", "rejected", "expired"] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

/**
 * A subscription grants keys for a scope: `/apis` (all), `/apis/{apiId}` or `/products/{pid}`.
 * Keys are stored encrypted (AES-GCM with the instance key) and found by their HMAC, so a
 * database dump alone reveals no usable key.
 */
export const subscriptions = sqliteTable(
  "subscriptions",
  {
    id: resourceId(),
    scope: text("scope").notNull(),
    displayName: text("display_name").notNull(),
    ownerId: text("owner_id").references(() => users.id, { onDelete: "set null" }),
    state: text("state", { enum: SUBSCRIPTION_STATES }).notNull().default("submitted"),
    stateComment: text("state_comment"),
    primaryKeyEncrypted: text("primary_key_encrypted").notNull(),
    secondaryKeyEncrypted: text("secondary_key_encrypted").notNull(),
    /** HMAC-SHA256 of the primary key, hex: the gateway's lookup. */
    primaryKeyHash: text("primary_key_hash").notNull(),
    secondaryKeyHash: text("secondary_key_hash").notNull(),
    allowTracing: integer("allow_tracing", { mode: "boolean" }).notNull().default(false),
    startDate: timestamp("start_date"),
    expirationDate: timestamp("expiration_date"),
    endDate: timestamp("end_date"),
    ...auditColumns,
  },
  (t) => [
    uniqueIndex("subscriptions_primary_key_hash_unique").on(t.primaryKeyHash),
    uniqueIndex("subscriptions_secondary_key_hash_unique").on(t.secondaryKeyHash),
    index("subscriptions_owner_idx").on(t.ownerId),
  ],
);
