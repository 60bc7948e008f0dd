import { z } from "zod";
import { checkPolicyXml } from "@/gateway/policies/xml/parse-xml";

/**
 * Policy documents (DESIGN.md §4) at global, product and API (onHandshake) scope, in APIM's
 * shape. Until the policy engine lands, saving checks that the value is well-formed XML
 * rooted at `<policies>`; "xml" and "rawxml" are stored alike.
 */

export const POLICY_FORMATS = ["xml", "rawxml"] as const;

/** The largest policy document accepted (APIM allows 256 KiB). */
const MAX_POLICY_LENGTH = 256 * 1024;

const policyValueSchema = z
  .string()
  .max(MAX_POLICY_LENGTH, `must be at most ${MAX_POLICY_LENGTH} characters long`)
  .superRefine((value, ctx) => {
    const problem = checkPolicyXml(value);
    if (problem) {
      ctx.addIssue({ code: "custom", message: `is not well-formed XML (line ${problem.line}, column ${problem.column}): ${problem.message}` });
    }
  })
  .describe("The policy document: `<policies><inbound>…</inbound><backend/><outbound/><on-error/></policies>`.");

export const policyPropertiesSchema = z.object({
  format: z.enum(POLICY_FORMATS).default("xml"),
  value: policyValueSchema,
});

/** PUT …/policies/policy body. */
export const policyPutBodySchema = z.object({ properties: policyPropertiesSchema });
export type PolicyProperties = z.output<typeof policyPropertiesSchema>;

/** A policy as the management API returns it. */
export const policyContractSchema = z.object({
  id: z.string().describe("`/policies/policy`, `/products/{productId}/policies/policy` or `/apis/{apiId}/policies/policy`"),
  name: z.literal("policy"),
  properties: z.object({ format: z.enum(POLICY_FORMATS), value: z.string() }),
});
export type PolicyContract = z.output<typeof policyContractSchema>;
