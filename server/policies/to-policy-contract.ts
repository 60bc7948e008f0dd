import type { policies } from "@/db/schema/index";
import type { PolicyContract } from "./policy.schemas";
import { policyResourceId, type PolicyTarget } from "./policy-target";

export type PolicyRow = typeof policies.$inferSelect;

/** The management API's view of a stored policy document. */
export function toPolicyContract(target: PolicyTarget, row: PolicyRow): PolicyContract {
  return { id: policyResourceId(target), name: "policy", properties: { format: row.format, value: row.value } };
}
