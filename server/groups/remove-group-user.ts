import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { groupUsers } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { getUserOrThrow } from "@/server/users/get-user-or-throw";
import { getGroupOrThrow } from "./get-group-or-throw";

/** Removes a user from a group; false when they were not in it. NotFoundError for an unknown group or user. */
export function removeGroupUser(db: Db, groupId: string, userId: string): boolean {
  return db.transaction(
    (tx) => {
      getGroupOrThrow(tx, groupId);
      getUserOrThrow(tx, userId);
      const deleted = tx
        .delete(groupUsers)
        .where(and(eq(groupUsers.groupId, groupId), eq(groupUsers.userId, userId)))
        .returning()
        .all();
      if (deleted.length === 0) return false;
      recordAudit(tx, { action: "unlink", resource: `/groups/${groupId}/users/${userId}`, before: { groupId, userId } });
      return true;
    },
    { behavior: "immediate" },
  );
}
