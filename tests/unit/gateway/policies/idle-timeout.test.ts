import { describe, expect, it } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import { idleTimeout } from "@/gateway/policies/idle-timeout";
import { composeInbound, runSteps } from "@/gateway/policies/pipeline";
import type { MessageLimits, PolicyContext, PolicyDiagnostic } from "@/gateway/policies/policy";

const noLimits = (): MessageLimits => ({ maxInboundMessageBytes: 0, maxOutboundMessageBytes: 0, inboundRate: null, outboundRate: null, idleTimeoutMs: 0, maxDurationMs: 0 });

function compile(inbound: string, scope: "global" | "product" | "api" = "api") {
  return compilePolicyDocument(`<policies><inbound>${inbound}</inbound></policies>`, scope);
}

function problems(inbound: string): Pick<PolicyDiagnostic, "severity" | "message">[] {
  return compile(inbound).diagnostics.map(({ severity, message }) => ({ severity, message }));
}

function limitsAfter(product: string | null, api: string | null): MessageLimits {
  const doc = (xml: string | null, scope: "product" | "api") => (xml === null ? null : compile(xml, scope).document);
  const ctx = { limits: noLimits() } as PolicyContext;
  expect(runSteps(composeInbound(null, doc(product, "product"), doc(api, "api")), ctx)).toEqual({ ok: true });
  return ctx.limits;
}

describe("idle-timeout", () => {
  it("sets the idle timeout in milliseconds", () => {
    expect(problems('<idle-timeout seconds="300" />')).toEqual([]);
    expect(limitsAfter(null, '<idle-timeout seconds="300" />')).toEqual({ ...noLimits(), idleTimeoutMs: 300_000 });
  });

  it("keeps the shorter timeout when several documents set one", () => {
    expect(limitsAfter('<idle-timeout seconds="60" />', '<base /><idle-timeout seconds="600" />').idleTimeoutMs).toBe(60_000);
    expect(limitsAfter('<idle-timeout seconds="600" />', '<idle-timeout seconds="30" /><base />').idleTimeoutMs).toBe(30_000);
  });

  it("changes nothing else and continues", () => {
    const ctx = { limits: { ...noLimits(), maxDurationMs: 1 } } as PolicyContext;
    expect(idleTimeout.apply({ ms: 2000 }, ctx)).toEqual({ ok: true });
    expect(ctx.limits).toEqual({ ...noLimits(), maxDurationMs: 1, idleTimeoutMs: 2000 });
  });

  it.each([
    ["without seconds", "<idle-timeout />", "<idle-timeout> needs the attribute 'seconds'"],
    ["with seconds 0", '<idle-timeout seconds="0" />', "'seconds' of <idle-timeout> must be at least 1"],
    ["with a negative timeout", '<idle-timeout seconds="-5" />', "'seconds' of <idle-timeout> must be at least 1"],
    ["with minutes", '<idle-timeout seconds="60" minutes="5" />', "<idle-timeout> has no attribute 'minutes' (known: seconds)"],
  ])("refuses the element %s", (_name, xml, message) => {
    expect(problems(xml)).toEqual([{ severity: "error", message }]);
    expect(compile(xml).document).toBe(null);
  });
});
