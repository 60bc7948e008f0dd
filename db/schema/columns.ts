import { integer, text, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch, stored as an integer and read as a Date. */
export const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/** created/updated columns every configuration aggregate carries. */
export const auditColumns = {
  createdAt: timestamp("created_at").notNull().$defaultFn(() => new Date()),
  updatedAt: timestamp("updated_at")
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date()),
};

/** An APIM-style resource name: the `{apiId}` in `/apis/{apiId}`. */
export const resourceId = (name = "id") => text(name).primaryKey();

/** The id of the row this one belongs to: required, and this row is deleted with it. */
export const ownerId = (name: string, owner: () => AnySQLiteColumn) => text(name).notNull().references(owner, { onDelete: "cascade" });
