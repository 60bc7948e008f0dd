import { z } from "zod";

/**
 * Policy documents (DESIGN.md §4) at global, product and API (onHandshake) scope, in APIM's
 * shape; "xml" and "rawxml" are stored alike. The document itself is checked by the policy
 * engine's validator (`assert-valid-policy-document.ts`), which knows the scope.
 */

export const POLICY_FORMATS = ["xml", "rawxml"] as const;

/** The largest policy document accepted (APIM allows 256 KiB). */
const MAX_POLICY_LENGTH = 256 * 1024;

const policyValueSchema = z
  .string()
  .max(MAX_POLICY_LENGTH, `must be at most ${MAX_POLICY_LENGTH} characters long`)
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
