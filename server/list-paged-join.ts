import "server-only";
import { asc, count, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "@/db/client";

/** A link table joined to the rows it points at: `gateway_apis` → `apis` on `apis.id = gateway_apis.api_id`. */
export interface PagedJoin<T extends SQLiteTable> {
  link: SQLiteTable;
  target: T;
  on: SQL;
  where: SQL | undefined;
  /** The target's id column, the page's order. */
  orderBy: SQLiteColumn;
}

/** One page of the target rows the link table holds for `where`, ordered by `orderBy`, and how many there are in all. */
export function listPagedJoin<T extends SQLiteTable>(
  db: Db,
  join: PagedJoin<T>,
  page: { top: number; skip: number },
): { items: T["$inferSelect"][]; count: number } {
  const items = db
    .select({ row: join.target })
    .from(join.link)
    .innerJoin(join.target, join.on)
    .where(join.where)
    .orderBy(asc(join.orderBy))
    .limit(page.top)
    .offset(page.skip)
    .all()
    .map((r) => r.row as T["$inferSelect"]);
  const total = db.select({ n: count() }).from(join.link).innerJoin(join.target, join.on).where(join.where).get()?.n ?? 0;
  return { items, count: total };
}
