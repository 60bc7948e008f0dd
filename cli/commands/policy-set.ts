import { defineCommand } from "../command";
import { readInput } from "../read-input";
import { describePolicy, policyPath } from "../config/resource-kinds";
import { POLICY_SCOPE_OPTIONS, policyScope } from "../policy-scope";

export const policySet = defineCommand({
  words: ["policy", "set"],
  summary: "Replace a policy document (global, or an API's or a product's) with an XML file.",
  args: [],
  options: {
    file: { type: "string", short: "f", valueName: "<file>", description: "The <policies> XML document; - reads standard input", required: true },
    ...POLICY_SCOPE_OPTIONS,
  },
  notes: "Example:\n  portcullis policy set --api echo --file echo-policy.xml",
  async run(context, { options }) {
    const scope = policyScope(options);
    const value = await readInput(context, options.file);
    const response = await context.client().request("PUT", policyPath(scope), { properties: { format: "rawxml", value } });
    context.out.line(`${response.status === 201 ? "Created" : "Replaced"} ${describePolicy(scope)}.`);
  },
});

