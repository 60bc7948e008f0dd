import { describe, expect, it } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import { limitMessageSize } from "@/gateway/policies/limit-message-size";
import { composeInbound, runSteps } from "@/gateway/policies/pipeline";
import type { MessageLimits, PolicyContext, PolicyDiagnostic } from "@/gateway/policies/policy";

const noLimits = (): MessageLimits => ({ maxInboundMessageBytes: 0, maxOutboundMessageBytes: 0, inboundRate: null, outboundRate: null, idleTimeoutMs: 0, maxDurationMs: 0 });

function compile(inbound: string, scope: "global" | "product" | "api" = "api") {
  return compilePolicyDocument(`<policies><inbound>${inbound}</inbound></policies>`, scope);
}

function problems(inbound: string): Pick<PolicyDiagnostic, "severity" | "message">[] {
  return compile(inbound).diagnostics.map(({ severity, message }) => ({ severity, message }));
}

/** The limits after running the composed inbound steps of these documents (global, product, API). */
function limitsAfter(global: string | null, product: string | null, api: string | null): MessageLimits {
  const doc = (xml: string | null, scope: "global" | "product" | "api") => (xml === null ? null : compile(xml, scope).document);
  const ctx = { limits: noLimits() } as PolicyContext;
  expect(runSteps(composeInbound(doc(global, "global"), doc(product, "product"), doc(api, "api")), ctx)).toEqual({ ok: true });
  return ctx.limits;
}

describe("limit-message-size", () => {
  it("limits both directions by default", () => {
    expect(problems('<limit-message-size max-bytes="65536" />')).toEqual([]);
    expect(limitsAfter(null, null, '<limit-message-size max-bytes="65536" />')).toEqual({ ...noLimits(), maxInboundMessageBytes: 65536, maxOutboundMessageBytes: 65536 });
  });

  it("limits only the direction it names (inbound: client to backend)", () => {
    expect(limitsAfter(null, null, '<limit-message-size max-bytes="1024" direction="inbound" />')).toEqual({ ...noLimits(), maxInboundMessageBytes: 1024 });
    expect(limitsAfter(null, null, '<limit-message-size max-bytes="2048" direction="outbound" />')).toEqual({ ...noLimits(), maxOutboundMessageBytes: 2048 });
    expect(limitsAfter(null, null, '<limit-message-size max-bytes="1" direction="both" />')).toEqual({ ...noLimits(), maxInboundMessageBytes: 1, maxOutboundMessageBytes: 1 });
  });

  it("keeps the smaller limit when several documents set one, per direction", () => {
    expect(
      limitsAfter('<limit-message-size max-bytes="1000" />', '<base /><limit-message-size max-bytes="5000" direction="inbound" />', '<base /><limit-message-size max-bytes="300" direction="outbound" />'),
    ).toEqual({ ...noLimits(), maxInboundMessageBytes: 1000, maxOutboundMessageBytes: 300 });
    expect(limitsAfter(null, null, '<limit-message-size max-bytes="700" /><limit-message-size max-bytes="800" />')).toEqual({ ...noLimits(), maxInboundMessageBytes: 700, maxOutboundMessageBytes: 700 });
  });

  it("changes nothing but the message sizes and continues", () => {
    const ctx = { limits: { ...noLimits(), idleTimeoutMs: 5000, inboundRate: { calls: 1, periodMs: 1000 } } } as PolicyContext;
    expect(limitMessageSize.apply({ maxBytes: 10, inbound: true, outbound: false }, ctx)).toEqual({ ok: true });
    expect(ctx.limits).toEqual({ ...noLimits(), idleTimeoutMs: 5000, inboundRate: { calls: 1, periodMs: 1000 }, maxInboundMessageBytes: 10 });
  });

  it.each([
    ["without max-bytes", "<limit-message-size />", "<limit-message-size> needs the attribute 'max-bytes'"],
    ["with max-bytes 0", '<limit-message-size max-bytes="0" />', "'max-bytes' of <limit-message-size> must be at least 1"],
    ["with a max-bytes that is not a number", '<limit-message-size max-bytes="64k" />', "'max-bytes' of <limit-message-size> must be a whole number, not '64k'"],
    ["with an unknown direction", '<limit-message-size max-bytes="10" direction="up" />', "'direction' of <limit-message-size> must be one of 'both', 'inbound', 'outbound', not 'up'"],
    ["with an unknown attribute", '<limit-message-size max-bytes="10" max="5" />', "<limit-message-size> has no attribute 'max' (known: max-bytes, direction)"],
    ["with content", '<limit-message-size max-bytes="10"><x /></limit-message-size>', "<limit-message-size> takes no content"],
    ["with an expression", '<limit-message-size max-bytes="@(1024)" />', "'max-bytes' of <limit-message-size> does not accept a policy expression"],
  ])("refuses the element %s", (_name, xml, message) => {
    expect(problems(xml)).toEqual([{ severity: "error", message }]);
    expect(compile(xml).document).toBe(null);
  });

  it("is refused outside <inbound>", () => {
    const { diagnostics } = compilePolicyDocument('<policies><outbound><limit-message-size max-bytes="10" /></outbound></policies>', "api");
    expect(diagnostics.map((d) => d.message)).toEqual(["<limit-message-size> is not allowed in <outbound> (allowed in: <inbound>)"]);
  });
});
