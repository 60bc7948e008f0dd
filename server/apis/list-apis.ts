import { asc, count } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apis } from "@/db/schema/index";
import type { ApiRow } from "./to-api-contract";

/** One page of APIs ordered by id, and how many there are in all. */
export function listApis(db: Db, page: { top: number; skip: number }): { items: ApiRow[]; count: number } {
  const items = db.select().from(apis).orderBy(asc(apis.id)).limit(page.top).offset(page.skip).all();
  return { items, count: countApis(db) };
}

/** How many APIs are configured. */
export function countApis(db: Db): number {
  return db.select({ n: count() }).from(apis).get()?.n ?? 0;
}
