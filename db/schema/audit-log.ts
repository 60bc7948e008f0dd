import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./columns";

export const AUDIT_ACTOR_KINDS = ["user", "token", "system"] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/**
 * One row per management change, written in the change's own transaction. Append-only; no
 * foreign keys, so entries outlive the resources and actors they mention. `before`/`after`
 * are the management API's view of the resource (never a key, password or token).
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    /** Increasing: newest first is `ORDER BY id DESC`, stable under equal times. */
    id: integer("id").primaryKey({ autoIncrement: true }),
    time: timestamp("time").notNull(),
    /** "system" for changes made outside a management request (startup, scripts). */
    actorKind: text("actor_kind", { enum: AUDIT_ACTOR_KINDS }).notNull(),
    /** The API token's or user's id; null for "system". */
    actorId: text("actor_id"),
    /** Human-readable actor, copied at the time (token name, user email). */
    actorLabel: text("actor_label").notNull(),
    /** create, update, delete, link, unlink, regenerateKey, revoke, … */
    action: text("action").notNull(),
    /** The resource id as the management API names it: `/apis/echo`. */
    resource: text("resource").notNull(),
    before: text("before", { mode: "json" }).$type<unknown>(),
    after: text("after", { mode: "json" }).$type<unknown>(),
  },
  (t) => [
    index("audit_log_resource_idx").on(t.resource, t.id),
    index("audit_log_actor_idx").on(t.actorId, t.id),
    index("audit_log_time_idx").on(t.time),
  ],
);
