import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { policies } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { assertPolicyTargetExists, policyKey, policyResourceId, type PolicyTarget } from "./policy-target";
import { toPolicyContract } from "./to-policy-contract";

/** Removes the target's policy; false when it had none. NotFoundError for an unknown product or API. */
export function deletePolicy(db: Db, target: PolicyTarget): boolean {
  return db.transaction(
    (tx) => {
      assertPolicyTargetExists(tx, target);
      const key = policyKey(target);
      const deleted = tx
        .delete(policies)
        .where(and(eq(policies.scope, key.scope), eq(policies.scopeId, key.scopeId)))
        .returning()
        .all();
      for (const row of deleted) recordAudit(tx, { action: "delete", resource: policyResourceId(target), before: toPolicyContract(target, row) });
      return deleted.length > 0;
    },
    { behavior: "immediate" },
  );
}
