import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { groups } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { toGroupContract } from "./to-group-contract";

/** Deletes a group and its memberships (cascade; the users stay); false when there was none. */
export function deleteGroup(db: Db, groupId: string): boolean {
  return db.transaction(
    (tx) => {
      const deleted = tx.delete(groups).where(eq(groups.id, groupId)).returning().all();
      for (const row of deleted) recordAudit(tx, { action: "delete", resource: `/groups/${groupId}`, before: toGroupContract(row) });
      return deleted.length > 0;
    },
    { behavior: "immediate" },
  );
}
