import "server-only";
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apis } from "@/db/schema/index";
import { isPublishedApi } from "./published-api";
import type { ApiRow } from "./to-api-contract";

/** Narrows the list; `path` matches the URL suffix case-insensitively, as uniqueness does. */
export interface ApiListFilter {
  path?: string;
  /** The API with exactly this id. */
  name?: string;
  /** Only APIs in at least one published product (a developer's view). */
  publishedOnly?: boolean;
}

/** One page of APIs ordered by id, and how many match in all. */
export function listApis(db: Db, page: { top: number; skip: number }, filter: ApiListFilter = {}): { items: ApiRow[]; count: number } {
  const where = filterSql(db, filter);
  const items = db.select().from(apis).where(where).orderBy(asc(apis.id)).limit(page.top).offset(page.skip).all();
  const total = db.select({ n: count() }).from(apis).where(where).get()?.n ?? 0;
  return { items, count: total };
}

function filterSql(db: Db, filter: ApiListFilter): SQL | undefined {
  return and(
    filter.path === undefined ? undefined : sql`lower(${apis.path}) = lower(${filter.path})`,
    filter.name === undefined ? undefined : eq(apis.id, filter.name),
    filter.publishedOnly ? isPublishedApi(db) : undefined,
  );
}

/** How many APIs are configured. */
export function countApis(db: Db): number {
  return db.select({ n: count() }).from(apis).get()?.n ?? 0;
}
