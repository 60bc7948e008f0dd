import "server-only";
import { asc, count } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens } from "@/db/schema/index";
import type { ApiTokenRow } from "./to-api-token-contract";

/** One page of API tokens (revoked ones included, for the record) ordered by creation, and how many there are. */
export function listApiTokens(db: Db, page: { top: number; skip: number }): { items: ApiTokenRow[]; count: number } {
  const items = db.select().from(apiTokens).orderBy(asc(apiTokens.createdAt), asc(apiTokens.id)).limit(page.top).offset(page.skip).all();
  return { items, count: db.select({ n: count() }).from(apiTokens).get()?.n ?? 0 };
}
