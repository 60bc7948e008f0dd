import { ApiError } from "../cli-errors";
import { defineCommand } from "../command";
import { parseResponse, resourceSchema } from "../http-client";
import { policyLabel, policyPath } from "../config/resource-kinds";
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
    let body: unknown;
    try {
      body = await context.client().get(path);
    } catch (error) {
      // Name the scope: "no policy" is a normal state, not a missing resource the user mistyped.
      if (error instanceof ApiError && error.status === 404 && !/no resource at/.test(error.message)) {
        throw new ApiError(404, error.code, `The ${policyLabel(scope)} scope has no policy. ${error.message}`, error.details);
      }
      throw error;
    }
    if (context.json) return context.out.json(body);
    const policy = parseResponse(resourceSchema, body, `GET ${path}`);
    const value = String(policy.properties.value ?? "");
    context.out.raw(value.endsWith("\n") ? value : `${value}\n`);
  },
});
