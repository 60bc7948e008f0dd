import { defineCommand } from "../command";
import { describePolicy, policyPath } from "../config/resource-kinds";
import { POLICY_SCOPE_OPTIONS, policyScope } from "../policy-scope";

export const policyDelete = defineCommand({
  words: ["policy", "delete"],
  summary: "Delete a policy document; the scope then inherits its parent's policy.",
  args: [],
  options: POLICY_SCOPE_OPTIONS,
  async run(context, { options }) {
    const scope = policyScope(options);
    const response = await context.client().request("DELETE", policyPath(scope));
    const policy = describePolicy(scope);
    context.out.line(response.status === 204 ? `The ${policy.slice(4)} was not set; nothing deleted.` : `Deleted ${policy}.`);
  },
});
