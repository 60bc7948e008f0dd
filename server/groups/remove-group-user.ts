import "server-only";
import type { Db } from "@/db/client";
import { groupUsers } from "@/db/schema/index";
import { deleteLink } from "@/server/delete-link";
import { getUserOrThrow } from "@/server/users/get-user-or-throw";
import { getGroupOrThrow } from "./get-group-or-throw";

/** Removes a user from a group; false when they were not in it. NotFoundError for an unknown group or user. */
export function removeGroupUser(db: Db, groupId: string, userId: string): boolean {
  return deleteLink(db, { table: groupUsers, ids: { groupId, userId }, resource: `/groups/${groupId}/users/${userId}` }, (tx) => {
    getGroupOrThrow(tx, groupId);
    getUserOrThrow(tx, userId);
  });
}
