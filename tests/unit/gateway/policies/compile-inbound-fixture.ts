/**
 * Policies compiled as the portal saves them and the gateway runs them: `inner` becomes the
 * `<inbound>` of a document, compiled by the real compiler (so messages and positions are the
 * ones users see) and run by the real step runner.
 */
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import { composeInbound, runSteps } from "@/gateway/policies/pipeline";
import type { Decision, PolicyContext, PolicyDiagnostic, PolicyScope, Step } from "@/gateway/policies/policy";

/** `inner` compiled as the `<inbound>` of a document saved at `scope`, with its messages split by severity. */
export function compileInbound(inner: string, scope: PolicyScope = "api") {
  const text = `<policies><inbound>${inner}</inbound></policies>`;
  const result = compilePolicyDocument(text, scope);
  const messages = (severity: PolicyDiagnostic["severity"]) => result.diagnostics.filter((d) => d.severity === severity).map((d) => d.message);
  return { text, ...result, errors: messages("error"), warnings: messages("warning") };
}

/** The steps `inner` compiles to; throws with the diagnostics when it does not compile. */
export function inboundSteps(inner: string, scope: PolicyScope = "api"): Step[] {
  const { document, diagnostics } = compileInbound(inner, scope);
  if (document === null) throw new Error(`does not compile: ${JSON.stringify(diagnostics)}`);
  return composeInbound(null, null, document);
}

/** Compiles `inner` and runs it against `ctx`. */
export function runInbound(inner: string, ctx: PolicyContext): Decision | Promise<Decision> {
  return runSteps(inboundSteps(inner), ctx);
}
