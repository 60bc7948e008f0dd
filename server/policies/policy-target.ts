import type { DbExecutor } from "@/db/client";
import type { PolicyScope } from "@/db/schema/index";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import { getProductOrThrow } from "@/server/products/get-product-or-throw";

/** Where a policy document applies: the whole instance, one product, or one API's onHandshake. */
export type PolicyTarget = { scope: "global" } | { scope: Exclude<PolicyScope, "global">; id: string };

/** The `policies` row key of a target: global is stored with scopeId "". */
export function policyKey(target: PolicyTarget): { scope: PolicyScope; scopeId: string } {
  return { scope: target.scope, scopeId: target.scope === "global" ? "" : target.id };
}

/** The management API's id of the target's policy. */
export function policyResourceId(target: PolicyTarget): string {
  if (target.scope === "global") return "/policies/policy";
  return `/${target.scope === "product" ? "products" : "apis"}/${target.id}/policies/policy`;
}

/** Throws NotFoundError when the target's product or API does not exist. */
export function assertPolicyTargetExists(db: DbExecutor, target: PolicyTarget): void {
  if (target.scope === "product") getProductOrThrow(db, target.id);
  else if (target.scope === "api") getApiOrThrow(db, target.id);
}
