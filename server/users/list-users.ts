import "server-only";
import { asc, count } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema/index";
import type { UserRow } from "./to-user-contract";

/** One page of users ordered by id, and how many there are. */
export function listUsers(db: Db, page: { top: number; skip: number }): { items: UserRow[]; count: number } {
  const items = db.select().from(users).orderBy(asc(users.id)).limit(page.top).offset(page.skip).all();
  return { items, count: db.select({ n: count() }).from(users).get()?.n ?? 0 };
}
