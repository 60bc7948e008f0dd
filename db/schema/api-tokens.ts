import { sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { resourceId, timestamp } from "./columns";
import { gateways } from "./gateways";
import { USER_ROLES, users } from "./users";

/**
 * Bearer tokens for the management API (and, with gatewayId set, for a remote gateway's
 * configuration pull). Only a SHA-256 of the token is kept; the token is shown once.
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: resourceId(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The first characters of the token, to recognise it in lists. */
    prefix: text("prefix").notNull(),
    role: text("role", { enum: USER_ROLES }).notNull().default("administrator"),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    gatewayId: text("gateway_id").references(() => gateways.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at").notNull().$defaultFn(() => new Date()),
    lastUsedAt: timestamp("last_used_at"),
    expiresAt: timestamp("expires_at"),
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_token_hash_unique").on(t.tokenHash)],
);
