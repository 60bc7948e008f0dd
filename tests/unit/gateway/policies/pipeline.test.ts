import { describe, expect, it } from "vitest";
import type { CompiledDocument, SectionItem } from "@/gateway/policies/compiled-document";
import { composeInbound, runSteps } from "@/gateway/policies/pipeline";
import { BASE, type Decision, type PolicyContext, type Step } from "@/gateway/policies/policy";

const step = (name: string, decision: Decision | Promise<Decision> = { ok: true }, ran?: string[]): Step => ({
  name,
  scope: "api",
  run: () => {
    ran?.push(name);
    return decision;
  },
});
const doc = (...inbound: SectionItem[]): CompiledDocument => ({ inbound, backend: null, outbound: null, "on-error": null });
const names = (steps: Step[]) => steps.map((s) => s.name);

describe("composeInbound composes global → product → API through <base />", () => {
  const global = doc(step("g1"), step("g2"));
  const product = doc(step("p-before"), BASE, step("p-after"));

  it("puts the parent's steps where <base /> stands", () => {
    expect(names(composeInbound(global, product, doc(step("a-before"), BASE, step("a-after"))))).toEqual([
      "a-before",
      "p-before",
      "g1",
      "g2",
      "p-after",
      "a-after",
    ]);
  });

  it("inherits whole when a scope has no document or no <inbound>", () => {
    expect(names(composeInbound(global, null, null))).toEqual(["g1", "g2"]);
    expect(names(composeInbound(global, { ...product, inbound: null }, null))).toEqual(["g1", "g2"]);
  });

  it("drops the parents when a section has no <base />", () => {
    expect(names(composeInbound(global, product, doc(step("only"))))).toEqual(["only"]);
  });

  it("skips the product level for callers without a product", () => {
    expect(names(composeInbound(global, null, doc(BASE, step("a"))))).toEqual(["g1", "g2", "a"]);
  });
});

describe("runSteps", () => {
  const ctx = {} as PolicyContext;
  const refusal: Decision = { ok: false, status: 401, reason: "R", message: "no", source: "x" };

  it("runs in order and stops at the first refusal", () => {
    const ran: string[] = [];
    expect(runSteps([step("a", { ok: true }, ran), step("b", refusal, ran), step("c", { ok: true }, ran)], ctx)).toEqual(refusal);
    expect(ran).toEqual(["a", "b"]);
  });

  it("stays synchronous while every step is", () => {
    expect(runSteps([step("a"), step("b")], ctx)).toEqual({ ok: true });
  });

  it("continues after a step that waits, and stops at a later refusal", async () => {
    const ran: string[] = [];
    const result = runSteps([step("a", Promise.resolve({ ok: true }), ran), step("b", { ok: true }, ran), step("c", refusal, ran), step("d", { ok: true }, ran)], ctx);
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toEqual(refusal);
    expect(ran).toEqual(["a", "b", "c"]);
  });
});
