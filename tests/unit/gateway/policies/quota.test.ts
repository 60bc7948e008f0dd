import { describe, expect, it } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import { MemoryCounterStore } from "@/gateway/policies/counters/memory-counter-store";
import { formatTimeSpan } from "@/gateway/policies/counters/throttling";
import type { Decision, PolicyContext, PolicyScope, Step } from "@/gateway/policies/policy";
import { FakeClock, policyContext, type PolicyContextOverrides } from "./policy-context-fixture";

const SUBSCRIPTION = { id: "sub-1", key: "k1", name: "Subscription one" };

function compile(inbound: string, scope: PolicyScope = "api") {
  return compilePolicyDocument(`<policies><inbound>${inbound}</inbound></policies>`, scope);
}
function messages(inbound: string, scope: PolicyScope = "api", severity: "error" | "warning" = "error"): string[] {
  return compile(inbound, scope).diagnostics.filter((d) => d.severity === severity).map((d) => d.message);
}
function step(inbound: string, scope: PolicyScope = "api"): Step {
  const { document, diagnostics } = compile(inbound, scope);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return document!.inbound![0] as Step;
}
/** 2030-01-01T10:00:00Z: an hour boundary. */
const TEN_O_CLOCK = Date.parse("2030-01-01T10:00:00Z");
function gateway() {
  const clock = new FakeClock(TEN_O_CLOCK);
  const counters = new MemoryCounterStore({ sweepIntervalMs: 0 });
  return { clock, ctx: (o: PolicyContextOverrides = {}): PolicyContext => policyContext({ subscription: SUBSCRIPTION, clock, counters, ...o }) };
}
const run = (s: Step, ctx: PolicyContext) => s.run(ctx) as Decision;

describe("<quota> parsing", () => {
  it("needs renewal-period and calls or bandwidth", () => {
    expect(messages(`<quota />`)).toEqual(["<quota> needs the attribute 'renewal-period'", "<quota> needs 'calls', 'bandwidth' or both"]);
  });

  it("refuses bandwidth in an API's document: a WebSocket connection's bytes are not known at its handshake", () => {
    expect(messages(`<quota calls="10" bandwidth="40000" renewal-period="3600" />`)).toEqual([
      "'bandwidth' of <quota> is not supported on WebSocket APIs (a WebSocket connection's bytes are not known at its handshake): limit 'calls' (handshakes) instead",
    ]);
  });

  it("ignores bandwidth with a warning in product and global documents, which HTTP-minded documents may share", () => {
    expect(messages(`<quota calls="10" bandwidth="40000" renewal-period="3600" />`, "product")).toEqual([]);
    expect(messages(`<quota calls="10" bandwidth="40000" renewal-period="3600" />`, "product", "warning")).toEqual([
      "'bandwidth' of <quota> is ignored on WebSocket APIs (a WebSocket connection's bytes are not known at its handshake): only 'calls' (handshakes) are counted",
    ]);
    expect(messages(`<quota bandwidth="40000" renewal-period="3600" />`, "global", "warning")).toEqual([
      "'bandwidth' of <quota> is ignored on WebSocket APIs (a WebSocket connection's bytes are not known at its handshake): without 'calls' this quota limits nothing there",
    ]);
  });

  it("may be used only once per document", () => {
    expect(messages(`<quota calls="1" renewal-period="60" /><quota calls="1" renewal-period="60" />`)).toEqual(["<quota> can be used only once in a policy document"]);
  });

  it("reads nested <api>/<operation> quotas", () => {
    expect(messages(`<quota calls="100" renewal-period="3600"><api id="echo" calls="10" renewal-period="3600"><operation id="onHandshake" calls="5" renewal-period="60" /></api></quota>`, "product")).toEqual([]);
    expect(messages(`<quota calls="100" renewal-period="3600"><api id="echo" calls="10" /></quota>`, "product")).toEqual(["<api> needs the attribute 'renewal-period'"]);
  });
});

describe("<quota> at a handshake", () => {
  it("lets exactly `calls` handshakes through per period and refuses the next with APIM's 403 and Retry-After", () => {
    const { clock, ctx } = gateway();
    const policy = step(`<quota calls="3" renewal-period="3600" />`);
    for (let i = 0; i < 3; i++) expect(run(policy, ctx())).toEqual({ ok: true });
    clock.advance(58 * 60_000 + 40_000);
    expect(run(policy, ctx())).toEqual({
      ok: false,
      status: 403,
      reason: "QuotaExceeded",
      message: "Out of call volume quota. Quota will be replenished in 00:01:20.",
      source: "quota",
      headers: { "Retry-After": "80" },
    });
  });

  it("renews when the period ends", () => {
    const { clock, ctx } = gateway();
    const policy = step(`<quota calls="1" renewal-period="3600" />`);
    expect(run(policy, ctx()).ok).toBe(true);
    clock.advance(3_599_999);
    expect(run(policy, ctx()).ok).toBe(false);
    clock.advance(1);
    expect(run(policy, ctx()).ok).toBe(true);
    expect(run(policy, ctx()).ok).toBe(false);
  });

  it("never renews a lifetime quota (renewal-period 0), and sends no Retry-After for it", () => {
    const { clock, ctx } = gateway();
    const policy = step(`<quota calls="1" renewal-period="0" />`);
    run(policy, ctx());
    clock.advance(400 * 86_400_000);
    expect(run(policy, ctx())).toEqual({ ok: false, status: 403, reason: "QuotaExceeded", message: "Out of call volume quota.", source: "quota" });
  });

  it("counts per subscription and skips callers without one", () => {
    const { ctx } = gateway();
    const policy = step(`<quota calls="1" renewal-period="3600" />`);
    run(policy, ctx());
    expect(run(policy, ctx()).ok).toBe(false);
    expect(run(policy, ctx({ subscription: { id: "sub-2", key: "k2", name: "Two" } })).ok).toBe(true);
    expect(run(policy, ctx({ subscription: null })).ok).toBe(true);
  });

  it("applies a nested quota for its API independently, counting a refused call nowhere", () => {
    const { ctx } = gateway();
    const policy = step(`<quota calls="2" renewal-period="3600"><api id="echo" calls="1" renewal-period="86400" /></quota>`, "product");
    const product = { id: "starter", name: "Starter" };
    expect(run(policy, ctx({ product })).ok).toBe(true);
    expect(run(policy, ctx({ product }))).toMatchObject({ status: 403, message: "Out of call volume quota. Quota will be replenished in 14:00:00." });
    expect(run(policy, ctx({ product, api: { id: "chat", name: "Chat" } })).ok).toBe(true);
    expect(run(policy, ctx({ product, api: { id: "chat", name: "Chat" } })).ok).toBe(false);
  });

  it("limits nothing when it has only bandwidth (ignored on WebSocket APIs)", () => {
    const { ctx } = gateway();
    const policy = step(`<quota bandwidth="1" renewal-period="3600" />`, "product");
    for (let i = 0; i < 3; i++) expect(run(policy, ctx()).ok).toBe(true);
  });
});

describe("formatTimeSpan prints a replenish time as .NET does", () => {
  it("as hh:mm:ss, with days in front past a day, rounded up to the second", () => {
    expect(formatTimeSpan(25_280_000)).toBe("07:01:20");
    expect(formatTimeSpan(1)).toBe("00:00:01");
    expect(formatTimeSpan((20 * 86_400 + 9 * 3600 + 58 * 60 + 55) * 1000)).toBe("20.09:58:55");
  });
});
