import { describe, expect, it } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import { composeInbound, runSteps } from "@/gateway/policies/pipeline";
import type { MessageLimits, PolicyContext, PolicyDiagnostic } from "@/gateway/policies/policy";
import { rateLimitMessages } from "@/gateway/policies/rate-limit-messages";

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

describe("rate-limit-messages", () => {
  it("limits inbound messages by default, renewal-period in seconds", () => {
    expect(problems('<rate-limit-messages calls="100" renewal-period="1" />')).toEqual([]);
    expect(limitsAfter(null, '<rate-limit-messages calls="100" renewal-period="1" />')).toEqual({ ...noLimits(), inboundRate: { calls: 100, periodMs: 1000 } });
  });

  it("limits the direction it names", () => {
    expect(limitsAfter(null, '<rate-limit-messages calls="5" renewal-period="60" direction="outbound" />')).toEqual({ ...noLimits(), outboundRate: { calls: 5, periodMs: 60_000 } });
    expect(limitsAfter(null, '<rate-limit-messages calls="5" renewal-period="2" direction="both" />')).toEqual({
      ...noLimits(),
      inboundRate: { calls: 5, periodMs: 2000 },
      outboundRate: { calls: 5, periodMs: 2000 },
    });
  });

  it("keeps the limit with the lower average rate when several documents set one", () => {
    // 100 per 60 s (1.67/s) is stricter than 10 per 1 s, whatever the order.
    const stricter = { calls: 100, periodMs: 60_000 };
    expect(limitsAfter('<rate-limit-messages calls="10" renewal-period="1" />', '<base /><rate-limit-messages calls="100" renewal-period="60" />').inboundRate).toEqual(stricter);
    expect(limitsAfter('<rate-limit-messages calls="100" renewal-period="60" />', '<base /><rate-limit-messages calls="10" renewal-period="1" />').inboundRate).toEqual(stricter);
  });

  it("keeps the smaller burst at equal average rates, and each direction apart", () => {
    expect(limitsAfter('<rate-limit-messages calls="20" renewal-period="2" direction="both" />', '<base /><rate-limit-messages calls="10" renewal-period="1" />')).toEqual({
      ...noLimits(),
      inboundRate: { calls: 10, periodMs: 1000 },
      outboundRate: { calls: 20, periodMs: 2000 },
    });
  });

  it("changes nothing but the rates and continues", () => {
    const ctx = { limits: { ...noLimits(), maxInboundMessageBytes: 9 } } as PolicyContext;
    expect(rateLimitMessages.apply({ rate: { calls: 3, periodMs: 1000 }, inbound: false, outbound: true }, ctx)).toEqual({ ok: true });
    expect(ctx.limits).toEqual({ ...noLimits(), maxInboundMessageBytes: 9, outboundRate: { calls: 3, periodMs: 1000 } });
  });

  it.each([
    ["without calls", '<rate-limit-messages renewal-period="1" />', "<rate-limit-messages> needs the attribute 'calls'"],
    ["without renewal-period", '<rate-limit-messages calls="1" />', "<rate-limit-messages> needs the attribute 'renewal-period'"],
    ["with calls 0", '<rate-limit-messages calls="0" renewal-period="1" />', "'calls' of <rate-limit-messages> must be at least 1"],
    ["with renewal-period 0", '<rate-limit-messages calls="1" renewal-period="0" />', "'renewal-period' of <rate-limit-messages> must be at least 1"],
    ["with a fractional period", '<rate-limit-messages calls="1" renewal-period="0.5" />', "'renewal-period' of <rate-limit-messages> must be a whole number, not '0.5'"],
    ["with an unknown direction", '<rate-limit-messages calls="1" renewal-period="1" direction="in" />', "'direction' of <rate-limit-messages> must be one of 'inbound', 'outbound', 'both', not 'in'"],
    ["with content", '<rate-limit-messages calls="1" renewal-period="1">text</rate-limit-messages>', "<rate-limit-messages> contains elements, not text"],
  ])("refuses the element %s", (_name, xml, message) => {
    expect(problems(xml)).toEqual([{ severity: "error", message }]);
    expect(compile(xml).document).toBe(null);
  });
});
