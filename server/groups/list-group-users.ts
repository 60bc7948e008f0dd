import "server-only";
import { asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { groupUsers, users } from "@/db/schema/index";
import type { UserRow } from "@/server/users/to-user-contract";
import { getGroupOrThrow } from "./get-group-or-throw";

/** One page of a group's members ordered by id; NotFoundError for an unknown group. */
export function listGroupUsers(db: Db, groupId: string, page: { top: number; skip: number }): { items: UserRow[]; count: number } {
  getGroupOrThrow(db, groupId);
  const inGroup = eq(groupUsers.groupId, groupId);
  const items = db
    .select({ user: users })
    .from(groupUsers)
    .innerJoin(users, eq(users.id, groupUsers.userId))
    .where(inGroup)
    .orderBy(asc(users.id))
    .limit(page.top)
    .offset(page.skip)
    .all()
    .map((row) => row.user);
  return { items, count: db.select({ n: count() }).from(groupUsers).where(inGroup).get()?.n ?? 0 };
}
