import { primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./columns";

export const POLICY_SCOPES = ["global", "product", "api"] as const;
export type PolicyScope = (typeof POLICY_SCOPES)[number];

/** One policy document per scope: global (scopeId ""), a product, or an API's onHandshake. */
export const policies = sqliteTable(
  "policies",
  {
    scope: text("scope", { enum: POLICY_SCOPES }).notNull(),
    /** The product or API id; "" for the global scope. */
    scopeId: text("scope_id").notNull().default(""),
    format: text("format", { enum: ["rawxml", "xml"] }).notNull().default("rawxml"),
    value: text("value").notNull(),
    updatedAt: timestamp("updated_at")
      .notNull()
      .$defaultFn(() => new Date())
      .$onUpdateFn(() => new Date()),
  },
  (t) => [primaryKey({ columns: [t.scope, t.scopeId] })],
);
