import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { groups } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { getGroupOrThrow } from "./get-group-or-throw";
import type { GroupPatchProperties } from "./group.schemas";
import { toGroupContract, type GroupRow } from "./to-group-contract";

/** Merges the given properties into an existing group; throws NotFoundError. */
export function patchGroup(db: Db, groupId: string, patch: GroupPatchProperties): GroupRow {
  return db.transaction(
    (tx) => {
      const current = getGroupOrThrow(tx, groupId);
      const group = tx
        .update(groups)
        .set({ displayName: patch.displayName ?? current.displayName, description: patch.description ?? current.description })
        .where(eq(groups.id, groupId))
        .returning()
        .get();
      recordAudit(tx, { action: "update", resource: `/groups/${groupId}`, before: toGroupContract(current), after: toGroupContract(group) });
      return group;
    },
    { behavior: "immediate" },
  );
}
