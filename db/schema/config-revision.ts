import { integer, sqliteTable } from "drizzle-orm/sqlite-core";

/**
 * A single row whose `revision` triggers bump on every change to configuration tables.
 * Gateways poll it (one indexed read) to know when to reload their snapshot.
 */
export const configRevision = sqliteTable("config_revision", {
  id: integer("id").primaryKey(),
  revision: integer("revision").notNull().default(0),
});
