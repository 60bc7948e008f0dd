import "server-only";
import type { Db } from "@/db/client";
import { groupUsers } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { getUserOrThrow } from "@/server/users/get-user-or-throw";
import type { UserRow } from "@/server/users/to-user-contract";
import { getGroupOrThrow } from "./get-group-or-throw";

/** Adds a user to a group (idempotent); NotFoundError for an unknown group or user. */
export function addGroupUser(db: Db, groupId: string, userId: string): { user: UserRow; created: boolean } {
  return db.transaction(
    (tx) => {
      getGroupOrThrow(tx, groupId);
      const user = getUserOrThrow(tx, userId);
      const created = tx.insert(groupUsers).values({ groupId, userId }).onConflictDoNothing().returning().all().length > 0;
      if (created) recordAudit(tx, { action: "link", resource: `/groups/${groupId}/users/${userId}`, after: { groupId, userId } });
      return { user, created };
    },
    { behavior: "immediate" },
  );
}
