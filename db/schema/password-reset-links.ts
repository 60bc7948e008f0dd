import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestamp } from "./columns";
import { users } from "./users";

/**
 * One-time links an administrator creates for a user to choose a password
 * (`/reset-password/{token}`). Only a SHA-256 of the token is kept, as for API tokens; the link
 * is shown once. A link works until it expires or is used, whichever comes first.
 */
export const passwordResetLinks = sqliteTable(
  "password_reset_links",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    /** When the user chose a password with it; null while unused. */
    usedAt: timestamp("used_at"),
  },
  (t) => [uniqueIndex("password_reset_links_token_hash_unique").on(t.tokenHash), index("password_reset_links_user_idx").on(t.userId)],
);
