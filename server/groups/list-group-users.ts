import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { groupUsers, users } from "@/db/schema/index";
import { listPagedJoin } from "@/server/list-paged-join";
import type { UserRow } from "@/server/users/to-user-contract";
import { getGroupOrThrow } from "./get-group-or-throw";

/** One page of a group's members ordered by id; NotFoundError for an unknown group. */
export function listGroupUsers(db: Db, groupId: string, page: { top: number; skip: number }): { items: UserRow[]; count: number } {
  getGroupOrThrow(db, groupId);
  return listPagedJoin(
    db,
    { link: groupUsers, target: users, on: eq(users.id, groupUsers.userId), where: eq(groupUsers.groupId, groupId), orderBy: users.id },
    page,
  );
}
