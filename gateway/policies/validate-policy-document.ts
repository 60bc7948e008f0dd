/**
 * The one validator of policy documents: the management API runs it before saving and the
 * admin portal's editor runs it as you type, so both report the same problems at the same places.
 */
import { compilePolicyDocument } from "./compile-policy-document";
import type { PolicyDiagnostic, PolicyScope } from "./policy";

/** Every problem in `text` saved at `scope` (errors refuse the save; warnings do not). */
export function validatePolicyDocument(text: string, scope: PolicyScope): PolicyDiagnostic[] {
  return compilePolicyDocument(text, scope).diagnostics;
}
