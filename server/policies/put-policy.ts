import "server-only";
import type { Db } from "@/db/client";
import { policies } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { findPolicy } from "./get-policy-or-throw";
import type { PolicyProperties } from "./policy.schemas";
import { assertPolicyTargetExists, policyKey, policyResourceId, type PolicyTarget } from "./policy-target";
import { toPolicyContract, type PolicyRow } from "./to-policy-contract";

/** Sets the target's policy document (already validated); NotFoundError for an unknown product or API. */
export function putPolicy(db: Db, target: PolicyTarget, properties: PolicyProperties): { policy: PolicyRow; created: boolean } {
  return db.transaction(
    (tx) => {
      assertPolicyTargetExists(tx, target);
      const existing = findPolicy(tx, target);
      const values = { ...policyKey(target), format: properties.format, value: properties.value };
      const policy = tx
        .insert(policies)
        .values(values)
        .onConflictDoUpdate({ target: [policies.scope, policies.scopeId], set: { format: values.format, value: values.value, updatedAt: new Date() } })
        .returning()
        .get();
      recordAudit(tx, {
        action: existing ? "update" : "create",
        resource: policyResourceId(target),
        before: existing && toPolicyContract(target, existing),
        after: toPolicyContract(target, policy),
      });
      return { policy, created: !existing };
    },
    { behavior: "immediate" },
  );
}
