import "server-only";
import { asc, count } from "drizzle-orm";
import type { Db } from "@/db/client";
import { groups } from "@/db/schema/index";
import type { GroupRow } from "./to-group-contract";

/** One page of groups ordered by id, and how many there are. */
export function listGroups(db: Db, page: { top: number; skip: number }): { items: GroupRow[]; count: number } {
  const items = db.select().from(groups).orderBy(asc(groups.id)).limit(page.top).offset(page.skip).all();
  return { items, count: db.select({ n: count() }).from(groups).get()?.n ?? 0 };
}
