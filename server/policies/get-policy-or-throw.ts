import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { policies } from "@/db/schema/index";
import { NotFoundError } from "@/server/http/errors";
import { assertPolicyTargetExists, policyKey, type PolicyTarget } from "./policy-target";
import type { PolicyRow } from "./to-policy-contract";

/** The target's policy; NotFoundError when the product or API does not exist or has no policy. */
export function getPolicyOrThrow(db: DbExecutor, target: PolicyTarget): PolicyRow {
  assertPolicyTargetExists(db, target);
  const row = findPolicy(db, target);
  if (!row) throw new NotFoundError(`No policy is set at ${describeTarget(target)}.`);
  return row;
}

/** The target's policy row, if any. */
export function findPolicy(db: DbExecutor, target: PolicyTarget): PolicyRow | undefined {
  const key = policyKey(target);
  return db.select().from(policies).where(and(eq(policies.scope, key.scope), eq(policies.scopeId, key.scopeId))).get();
}

function describeTarget(target: PolicyTarget): string {
  if (target.scope === "global") return "global scope";
  return `${target.scope === "product" ? "product" : "API"} '${target.id}'`;
}
