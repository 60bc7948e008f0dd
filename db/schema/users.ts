import { integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { auditColumns, ownerId, resourceId, timestamp } from "./columns";

export const USER_ROLES = ["administrator", "publisher", "developer"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = sqliteTable(
  "users",
  {
    id: resourceId(),
    email: text("email").notNull(),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    /** A memory-hard KDF hash (scrypt, self-describing string); null until the user sets one. */
    passwordHash: text("password_hash"),
    role: text("role", { enum: USER_ROLES }).notNull().default("developer"),
    state: text("state", { enum: ["active", "blocked", "pending"] }).notNull().default("active"),
    lastLoginAt: timestamp("last_login_at"),
    /**
     * Portal sessions carry the value they were signed in with; bumping it (sign-out, a new
     * password, a role or state change) ends every session of the user at their next request.
     * Not configuration: the revision trigger (migration 0003) does not watch it.
     */
    sessionVersion: integer("session_version").notNull().default(0),
    ...auditColumns,
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const groups = sqliteTable("groups", {
  id: resourceId(),
  displayName: text("display_name").notNull(),
  description: text("description").notNull().default(""),
  ...auditColumns,
});

export const groupUsers = sqliteTable(
  "group_users",
  {
    groupId: ownerId("group_id", () => groups.id),
    userId: ownerId("user_id", () => users.id),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] })],
);
