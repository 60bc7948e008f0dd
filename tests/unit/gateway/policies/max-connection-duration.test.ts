import { describe, expect, it } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import { maxConnectionDuration } from "@/gateway/policies/max-connection-duration";
import { composeInbound, runSteps } from "@/gateway/policies/pipeline";
import type { MessageLimits, PolicyContext, PolicyDiagnostic } from "@/gateway/policies/policy";

const noLimits = (): MessageLimits => ({ maxInboundMessageBytes: 0, maxOutboundMessageBytes: 0, inboundRate: null, outboundRate: null, idleTimeoutMs: 0, maxDurationMs: 0 });

function compile(inbound: string, scope: "global" | "product" | "api" = "api") {
  return compilePolicyDocument(`<policies><inbound>${inbound}</inbound></policies>`, scope);
}

function problems(inbound: string): Pick<PolicyDiagnostic, "severity" | "message">[] {
  return compile(inbound).diagnostics.map(({ severity, message }) => ({ severity, message }));
}

function limitsAfter(global: string | null, api: string | null): MessageLimits {
  const doc = (xml: string | null, scope: "global" | "api") => (xml === null ? null : compile(xml, scope).document);
  const ctx = { limits: noLimits() } as PolicyContext;
  expect(runSteps(composeInbound(doc(global, "global"), null, doc(api, "api")), ctx)).toEqual({ ok: true });
  return ctx.limits;
}

describe("max-connection-duration", () => {
  it("sets the maximum duration in milliseconds", () => {
    expect(problems('<max-connection-duration seconds="7200" />')).toEqual([]);
    expect(limitsAfter(null, '<max-connection-duration seconds="7200" />')).toEqual({ ...noLimits(), maxDurationMs: 7_200_000 });
  });

  it("keeps the shorter duration when several documents set one", () => {
    expect(limitsAfter('<max-connection-duration seconds="3600" />', '<base /><max-connection-duration seconds="86400" />').maxDurationMs).toBe(3_600_000);
    expect(limitsAfter('<max-connection-duration seconds="3600" />', '<base /><max-connection-duration seconds="60" />').maxDurationMs).toBe(60_000);
  });

  it("changes nothing else and continues", () => {
    const ctx = { limits: { ...noLimits(), idleTimeoutMs: 7 } } as PolicyContext;
    expect(maxConnectionDuration.apply({ ms: 1000 }, ctx)).toEqual({ ok: true });
    expect(ctx.limits).toEqual({ ...noLimits(), idleTimeoutMs: 7, maxDurationMs: 1000 });
  });

  it.each([
    ["without seconds", "<max-connection-duration />", "<max-connection-duration> needs the attribute 'seconds'"],
    ["with seconds 0", '<max-connection-duration seconds="0" />', "'seconds' of <max-connection-duration> must be at least 1"],
    ["with hours", '<max-connection-duration seconds="1" hours="2" />', "<max-connection-duration> has no attribute 'hours' (known: seconds)"],
    ["with content", '<max-connection-duration seconds="1"><base /></max-connection-duration>', "<max-connection-duration> takes no content"],
  ])("refuses the element %s", (_name, xml, message) => {
    expect(problems(xml)).toEqual([{ severity: "error", message }]);
    expect(compile(xml).document).toBe(null);
  });
});
