import "server-only";
import { and, eq, getTableColumns } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db, DbExecutor } from "@/db/client";
import { recordAudit } from "@/server/audit/record-audit";

/** One row of a link table: `product_apis` { productId, apiId } under `/products/{productId}/apis/{apiId}`. */
export interface LinkRow<T extends SQLiteTable> {
  table: T;
  /** The row's ids by column: what is deleted, and what the audit entry says was removed. */
  ids: Partial<Record<keyof T["_"]["columns"] & string, string>>;
  /** The link's path, for the audit entry. */
  resource: string;
}

/**
 * Deletes a link row in one immediate transaction, after `assertEnds` (NotFoundError for an
 * unknown end, so a typo is not mistaken for "already removed"); false when there was no such
 * row, else true and audited as an unlink.
 */
export function deleteLink<T extends SQLiteTable>(db: Db, link: LinkRow<T>, assertEnds: (tx: DbExecutor) => void): boolean {
  return db.transaction(
    (tx) => {
      assertEnds(tx);
      const columns = getTableColumns(link.table);
      const where = and(...Object.entries(link.ids).map(([key, value]) => eq(columns[key]!, value)));
      if (tx.delete(link.table).where(where).run().changes === 0) return false;
      recordAudit(tx, { action: "unlink", resource: link.resource, before: link.ids });
      return true;
    },
    { behavior: "immediate" },
  );
}
