import { validatePolicyDocument } from "@/gateway/policies/validate-policy-document";
import { ValidationError } from "@/server/http/errors";
import type { PolicyTarget } from "./policy-target";

/**
 * Refuses a document the gateway could not run, with every error located in `error.details`
 * ("line 4, column 7: unknown policy <valdate-jwt> (did you mean <validate-jwt>?)"). The editor
 * runs the same validator as you type, so a save fails only for what it already underlined.
 */
export function assertValidPolicyDocument(target: PolicyTarget, value: string): void {
  const errors = validatePolicyDocument(value, target.scope).filter((d) => d.severity === "error");
  if (errors.length === 0) return;
  const details = errors.map((d) => ({ target: "properties.value", message: `line ${d.line}, column ${d.column}: ${d.message}` }));
  const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
  throw new ValidationError(`properties.value is not a valid policy document (${count}): ${details[0]!.message}.`, { details });
}
