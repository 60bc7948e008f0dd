import { defineCommand } from "../command";
import { parseResponse, resourceSchema } from "../http-client";
import { policyPath } from "../config/resource-kinds";
import { POLICY_SCOPE_OPTIONS, policyScope } from "../policy-scope";

export const policyGet = defineCommand({
  words: ["policy", "get"],
  summary: "Print a policy document (global, or an API's or a product's) as XML.",
  args: [],
  options: POLICY_SCOPE_OPTIONS,
  json: true,
  notes: "Example:\n  portcullis policy get --api echo > echo-policy.xml",
  async run(context, { options }) {
    const scope = policyScope(options);
    const path = policyPath(scope);
    const body = await context.client().get(path);
    if (context.json) return context.out.json(body);
    const policy = parseResponse(resourceSchema, body, `GET ${path}`);
    const value = String(policy.properties.value ?? "");
    context.out.raw(value.endsWith("\n") ? value : `${value}\n`);
  },
});
