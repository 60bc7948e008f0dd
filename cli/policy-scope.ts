import type { OptionValues } from "./command";
import type { PolicyScope } from "./config/resource-kinds";
import { atMostOne } from "./option-values";

/** `--api <id>` / `--product <id>`, shared by the policy commands; neither means the global scope. */
export const POLICY_SCOPE_OPTIONS = {
  api: { type: "string", valueName: "<apiId>", description: "The API's policy (its onHandshake operation)" },
  product: { type: "string", valueName: "<productId>", description: "The product's policy" },
} as const;

/** The scope the options name; both at once is a usage error. */
export function policyScope(options: OptionValues<typeof POLICY_SCOPE_OPTIONS>): PolicyScope {
  const given = atMostOne({ api: options.api, product: options.product });
  if (given === null) return { kind: "global" };
  return { kind: given[0] === "api" ? "apis" : "products", id: given[1] };
}
