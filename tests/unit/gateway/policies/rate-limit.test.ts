import { describe, expect, it } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import type { Decision, PolicyContext, PolicyScope, Step } from "@/gateway/policies/policy";
import { FakeClock, policyContext, type PolicyContextOverrides } from "./policy-context-fixture";
import { MemoryCounterStore } from "@/gateway/policies/counters/memory-counter-store";

const SUBSCRIPTION = { id: "sub-1", key: "k1", name: "Subscription one" };

function compile(inbound: string, scope: PolicyScope = "api") {
  return compilePolicyDocument(`<policies><inbound>${inbound}</inbound></policies>`, scope);
}
function errors(inbound: string, scope: PolicyScope = "api"): string[] {
  return compile(inbound, scope).diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
}
function step(inbound: string, scope: PolicyScope = "api"): Step {
  const { document, diagnostics } = compile(inbound, scope);
  expect(diagnostics).toEqual([]);
  return document!.inbound![0] as Step;
}

/** Contexts sharing one clock and one store, as handshakes to one gateway do. */
function gateway() {
  const clock = new FakeClock();
  const counters = new MemoryCounterStore({ sweepIntervalMs: 0 });
  return { clock, ctx: (o: PolicyContextOverrides = {}): PolicyContext => policyContext({ subscription: SUBSCRIPTION, clock, counters, ...o }) };
}
const run = (s: Step, ctx: PolicyContext) => s.run(ctx) as Decision;

describe("<rate-limit> parsing", () => {
  it("needs calls and renewal-period", () => {
    expect(errors(`<rate-limit />`)).toEqual(["<rate-limit> needs the attribute 'calls'", "<rate-limit> needs the attribute 'renewal-period'"]);
  });

  it("keeps renewal-period within APIM's 300 seconds and calls at least 1", () => {
    expect(errors(`<rate-limit calls="10" renewal-period="301" />`)).toEqual(["'renewal-period' of <rate-limit> must be at most 300"]);
    expect(errors(`<rate-limit calls="0" renewal-period="60" />`)).toEqual(["'calls' of <rate-limit> must be at least 1"]);
  });

  it("takes no policy expressions, as APIM", () => {
    expect(errors(`<rate-limit calls="@(5)" renewal-period="60" />`)).toEqual(["'calls' of <rate-limit> does not accept a policy expression"]);
  });

  it("refuses unknown attributes and bad header names", () => {
    expect(errors(`<rate-limit calls="1" renewal-period="1" counter-key="x" />`)).toEqual([
      "<rate-limit> has no attribute 'counter-key' (known: calls, renewal-period, retry-after-header-name, retry-after-variable-name, remaining-calls-header-name, remaining-calls-variable-name, total-calls-header-name)",
    ]);
    expect(errors(`<rate-limit calls="1" renewal-period="1" remaining-calls-header-name="x remaining" />`)).toEqual([
      "'remaining-calls-header-name' of <rate-limit> must be a header name (letters, digits, '-'), not 'x remaining'",
    ]);
  });

  it("may be used only once per document", () => {
    expect(errors(`<rate-limit calls="1" renewal-period="1" /><rate-limit calls="2" renewal-period="1" />`)).toEqual([
      "<rate-limit> can be used only once in a policy document",
    ]);
    // A second document is read by another reader.
    expect(errors(`<rate-limit calls="1" renewal-period="1" />`)).toEqual([]);
  });

  it("reads nested <api> and <operation> limits, refusing operations a WebSocket API does not have", () => {
    expect(
      errors(`<rate-limit calls="10" renewal-period="60"><api id="echo" calls="5" renewal-period="60"><operation name="onHandshake" calls="2" renewal-period="10" /></api></rate-limit>`, "product"),
    ).toEqual([]);
    expect(errors(`<rate-limit calls="10" renewal-period="60"><api calls="5" renewal-period="60" /></rate-limit>`, "product")).toEqual([
      "<api> needs the attribute 'name' or 'id'",
    ]);
    expect(
      errors(`<rate-limit calls="10" renewal-period="60"><api name="Echo" calls="5" renewal-period="60"><operation name="getUsers" calls="1" renewal-period="1" /></api></rate-limit>`),
    ).toEqual(['a WebSocket API has one operation, onHandshake: <operation name="getUsers"> names no operation']);
    expect(errors(`<rate-limit calls="10" renewal-period="60"><operation name="onHandshake" calls="1" renewal-period="1" /></rate-limit>`)).toEqual([
      "<rate-limit> contains <api> elements, not <operation>",
    ]);
    expect(errors(`<rate-limit calls="10" renewal-period="60"><api id="echo" renewal-period="60" /></rate-limit>`)).toEqual(["<api> needs the attribute 'calls'"]);
  });
});

describe("<rate-limit> at a handshake", () => {
  it("lets exactly `calls` handshakes through per window and refuses the next with APIM's 429 and Retry-After", () => {
    const { clock, ctx } = gateway();
    const policy = step(`<rate-limit calls="3" renewal-period="60" />`);
    for (let i = 0; i < 3; i++) {
      expect(run(policy, ctx())).toEqual({ ok: true });
      clock.advance(10_000);
    }
    expect(run(policy, ctx())).toEqual({
      ok: false,
      status: 429,
      reason: "RateLimitExceeded",
      message: "Rate limit is exceeded. Try again in 30 seconds.",
      source: "rate-limit",
      headers: { "Retry-After": "30" },
    });
  });

  it("rounds the retry interval up to whole seconds", () => {
    const { clock, ctx } = gateway();
    const policy = step(`<rate-limit calls="1" renewal-period="10" />`);
    run(policy, ctx());
    clock.advance(9_001);
    expect(run(policy, ctx())).toMatchObject({ message: "Rate limit is exceeded. Try again in 1 seconds.", headers: { "Retry-After": "1" } });
    clock.advance(999);
    expect(run(policy, ctx())).toEqual({ ok: true });
  });

  it("counts per subscription, and lets callers without a subscription through (APIM applies it to subscription keys only)", () => {
    const { ctx } = gateway();
    const policy = step(`<rate-limit calls="1" renewal-period="60" />`);
    expect(run(policy, ctx()).ok).toBe(true);
    expect(run(policy, ctx()).ok).toBe(false);
    expect(run(policy, ctx({ subscription: { id: "sub-2", key: "k2", name: "Two" } })).ok).toBe(true);
    const anonymous = policyContext({ subscription: null });
    for (let i = 0; i < 5; i++) expect(run(policy, anonymous)).toEqual({ ok: true });
  });

  it("keeps a product's limit and an API's limit as separate counters", () => {
    const { ctx } = gateway();
    const product = step(`<rate-limit calls="1" renewal-period="60" />`, "product");
    const api = step(`<rate-limit calls="1" renewal-period="60" />`, "api");
    const c = () => ctx({ product: { id: "starter", name: "Starter" } });
    expect(run(product, c()).ok).toBe(true);
    expect(run(api, c()).ok).toBe(true);
    expect(run(product, c()).ok).toBe(false);
  });

  it("puts remaining and total calls on the 101 and in a variable, and custom names on the 429", () => {
    const { ctx } = gateway();
    const policy = step(
      `<rate-limit calls="2" renewal-period="60" retry-after-header-name="X-Retry" retry-after-variable-name="retry" remaining-calls-header-name="X-Remaining" remaining-calls-variable-name="left" total-calls-header-name="X-Total" />`,
    );
    const first = ctx();
    expect(run(policy, first)).toEqual({ ok: true });
    expect(first.responseHeaders).toEqual({ "X-Remaining": "1", "X-Total": "2" });
    expect(first.variables.get("left")).toBe(1);
    run(policy, ctx());
    const refused = ctx();
    expect(run(policy, refused)).toMatchObject({ status: 429, headers: { "X-Retry": "60", "X-Remaining": "0", "X-Total": "2" } });
    expect(refused.variables.get("retry")).toBe(60);
    expect(refused.variables.get("left")).toBe(0);
  });

  it("slides: a slot frees as each call leaves the window", () => {
    const { clock, ctx } = gateway();
    const policy = step(`<rate-limit calls="2" renewal-period="10" />`);
    run(policy, ctx()); // t=0
    clock.advance(6000);
    run(policy, ctx()); // t=6
    clock.advance(3000);
    expect(run(policy, ctx())).toMatchObject({ message: "Rate limit is exceeded. Try again in 1 seconds." }); // t=9
    clock.advance(1000);
    expect(run(policy, ctx()).ok).toBe(true); // t=10: the t=0 call left
    expect(run(policy, ctx())).toMatchObject({ message: "Rate limit is exceeded. Try again in 6 seconds." });
  });

  it("applies a nested <api> limit only to its API, independently, and counts a refused call nowhere", () => {
    const { ctx } = gateway();
    const policy = step(
      `<rate-limit calls="3" renewal-period="60"><api id="echo" calls="1" renewal-period="60"><operation id="onHandshake" calls="5" renewal-period="60" /></api></rate-limit>`,
      "product",
    );
    const product = { id: "starter", name: "Starter" };
    expect(run(policy, ctx({ product })).ok).toBe(true);
    // The echo API's own limit refuses; the product-wide count does not move.
    expect(run(policy, ctx({ product }))).toMatchObject({ status: 429, message: "Rate limit is exceeded. Try again in 60 seconds." });
    expect(run(policy, ctx({ product, api: { id: "chat", name: "Chat" } })).ok).toBe(true);
    expect(run(policy, ctx({ product, api: { id: "chat", name: "Chat" } })).ok).toBe(true);
    expect(run(policy, ctx({ product, api: { id: "chat", name: "Chat" } })).ok).toBe(false);
  });

  it("matches a nested <api> by name when it has no id", () => {
    const { ctx } = gateway();
    const policy = step(`<rate-limit calls="100" renewal-period="60"><api name="Echo" calls="1" renewal-period="60" /></rate-limit>`);
    run(policy, ctx());
    expect(run(policy, ctx()).ok).toBe(false);
  });
});
