/**
 * The onHandshake pipeline: the inbound steps of the global, product and API documents
 * composed through `<base/>` as APIM composes them, and the loop that runs them.
 */
import type { CompiledDocument, SectionItem } from "./compiled-document";
import { BASE, type Decision, type PolicyContext, type Step } from "./policy";

/**
 * The inbound steps that run for an API: its document's steps with `<base/>` replaced by the
 * product's (whose `<base/>` is the global document's). A scope without a document, or without
 * an `<inbound>` section, inherits its parent whole; a section without `<base/>` does not inherit.
 */
export function composeInbound(global: CompiledDocument | null, product: CompiledDocument | null, api: CompiledDocument | null): Step[] {
  const globalSteps = expand(global?.inbound ?? null, []);
  const productSteps = expand(product?.inbound ?? null, globalSteps);
  return expand(api?.inbound ?? null, productSteps);
}

function expand(items: SectionItem[] | null, parent: Step[]): Step[] {
  if (items === null) return parent;
  const out: Step[] = [];
  for (const item of items) {
    if (item === BASE) out.push(...parent);
    else out.push(item);
  }
  return out;
}

const CONTINUE_ALL: Decision = Object.freeze({ ok: true });

/**
 * Runs `steps` in order until one refuses. Stays synchronous while every step does: only a
 * step that must wait (keys being fetched) turns the rest of the run into a promise.
 */
export function runSteps(steps: readonly Step[], ctx: PolicyContext, from = 0): Decision | Promise<Decision> {
  for (let i = from; i < steps.length; i++) {
    const decision = steps[i]!.run(ctx);
    if (decision instanceof Promise) return decision.then((d) => (d.ok ? runSteps(steps, ctx, i + 1) : d));
    if (!decision.ok) return decision;
  }
  return CONTINUE_ALL;
}
