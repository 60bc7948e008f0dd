import { describe, expect, it } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import { MemoryCounterStore } from "@/gateway/policies/counters/memory-counter-store";
import type { Decision, PolicyContext, PolicyScope, RateLimitResult, Step } from "@/gateway/policies/policy";
import { FakeClock, policyContext, type PolicyContextOverrides } from "./policy-context-fixture";

function compile(inbound: string, scope: PolicyScope = "api") {
  return compilePolicyDocument(`<policies><inbound>${inbound}</inbound></policies>`, scope);
}
function errors(inbound: string): string[] {
  return compile(inbound).diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
}
function step(inbound: string): Step {
  const { document, diagnostics } = compile(inbound);
  expect(diagnostics).toEqual([]);
  return document!.inbound![0] as Step;
}
function gateway() {
  const clock = new FakeClock();
  const counters = new MemoryCounterStore({ sweepIntervalMs: 0 });
  return { clock, counters, ctx: (o: PolicyContextOverrides = {}): PolicyContext => policyContext({ clock, counters, ...o }) };
}
const run = (s: Step, ctx: PolicyContext) => s.run(ctx) as Decision;
const BY_IP = `counter-key="@(context.Request.IpAddress)"`;

describe("<rate-limit-by-key> parsing", () => {
  it("needs calls, renewal-period and counter-key", () => {
    expect(errors(`<rate-limit-by-key />`)).toEqual([
      "<rate-limit-by-key> needs the attribute 'calls'",
      "<rate-limit-by-key> needs the attribute 'renewal-period'",
      "<rate-limit-by-key> needs the attribute 'counter-key'",
    ]);
  });

  it("keeps a constant renewal-period within 300 seconds", () => {
    expect(errors(`<rate-limit-by-key calls="5" renewal-period="600" ${BY_IP} />`)).toEqual(["'renewal-period' of <rate-limit-by-key> must be at most 300"]);
  });

  it("refuses an increment-count larger than calls, which no handshake could pass", () => {
    expect(errors(`<rate-limit-by-key calls="2" renewal-period="60" increment-count="3" ${BY_IP} />`)).toEqual([
      "'increment-count' (3) is more than 'calls' (2): every handshake would be refused",
    ]);
  });

  it("reports an expression outside the supported subset", () => {
    expect(errors(`<rate-limit-by-key calls="2" renewal-period="60" counter-key="@(context.Request.Body.As&lt;string&gt;())" />`).length).toBe(1);
  });

  it("takes no content", () => {
    expect(errors(`<rate-limit-by-key calls="2" renewal-period="60" ${BY_IP}><api name="x" /></rate-limit-by-key>`)).toEqual([
      "<rate-limit-by-key> takes no content (<api>)",
    ]);
  });
});

describe("<rate-limit-by-key> at a handshake", () => {
  it("lets exactly `calls` handshakes per key through and refuses the next with APIM's 429 and Retry-After", () => {
    const { clock, ctx } = gateway();
    const policy = step(`<rate-limit-by-key calls="50" renewal-period="60" ${BY_IP} />`);
    for (let i = 0; i < 50; i++) expect(run(policy, ctx())).toEqual({ ok: true });
    clock.advance(12_500);
    expect(run(policy, ctx())).toEqual({
      ok: false,
      status: 429,
      reason: "RateLimitExceeded",
      message: "Rate limit is exceeded. Try again in 48 seconds.",
      source: "rate-limit-by-key",
      headers: { "Retry-After": "48" },
    });
  });

  it("keeps keys apart", () => {
    const { ctx } = gateway();
    const policy = step(`<rate-limit-by-key calls="1" renewal-period="60" ${BY_IP} />`);
    expect(run(policy, ctx({ ipAddress: "198.51.100.1" })).ok).toBe(true);
    expect(run(policy, ctx({ ipAddress: "198.51.100.1" })).ok).toBe(false);
    expect(run(policy, ctx({ ipAddress: "198.51.100.2" })).ok).toBe(true);
  });

  it("shares one counter between policies using the same key value (APIM: one counter for all scopes)", () => {
    const { ctx } = gateway();
    const a = step(`<rate-limit-by-key calls="2" renewal-period="60" counter-key="shared" />`);
    const b = step(`<rate-limit-by-key calls="2" renewal-period="60" counter-key="shared" />`);
    expect(run(a, ctx()).ok).toBe(true);
    expect(run(b, ctx()).ok).toBe(true);
    expect(run(a, ctx()).ok).toBe(false);
  });

  it("does not count a handshake whose increment-condition is false, but refuses it while the key is over its limit", () => {
    const { ctx } = gateway();
    const policy = step(
      `<rate-limit-by-key calls="2" renewal-period="60" ${BY_IP} increment-condition="@(context.Request.Headers.GetValueOrDefault(&quot;X-Count&quot;, &quot;yes&quot;) == &quot;yes&quot;)" remaining-calls-header-name="X-Remaining" />`,
    );
    const free = () => ctx({ headers: { "X-Count": "no" } });
    for (let i = 0; i < 5; i++) {
      const c = free();
      expect(run(policy, c)).toEqual({ ok: true });
      expect(c.responseHeaders).toEqual({ "X-Remaining": "2" });
    }
    expect(run(policy, ctx()).ok).toBe(true);
    expect(run(policy, ctx()).ok).toBe(true);
    expect(run(policy, ctx()).ok).toBe(false);
    expect(run(policy, free())).toMatchObject({ status: 429 });
  });

  it("counts increment-count calls per handshake", () => {
    const { ctx } = gateway();
    const policy = step(`<rate-limit-by-key calls="5" renewal-period="60" increment-count="2" ${BY_IP} remaining-calls-variable-name="left" />`);
    const first = ctx();
    run(policy, first);
    expect(first.variables.get("left")).toBe(3);
    run(policy, ctx());
    // One call remains; this handshake costs two.
    expect(run(policy, ctx())).toMatchObject({ status: 429, message: "Rate limit is exceeded. Try again in 60 seconds." });
  });

  it("reads calls and renewal-period from expressions per handshake", () => {
    const { clock, ctx } = gateway();
    const policy = step(
      `<rate-limit-by-key calls="@(context.Request.Headers.GetValueOrDefault(&quot;X-Tier&quot;, &quot;&quot;) == &quot;gold&quot; ? 3 : 1)" renewal-period="@(10)" ${BY_IP} />`,
    );
    const gold = () => ctx({ ipAddress: "198.51.100.9", headers: { "X-Tier": "gold" } });
    expect([run(policy, gold()).ok, run(policy, gold()).ok, run(policy, gold()).ok, run(policy, gold()).ok]).toEqual([true, true, true, false]);
    expect(run(policy, ctx()).ok).toBe(true);
    expect(run(policy, ctx()).ok).toBe(false);
    clock.advance(10_000);
    expect(run(policy, ctx()).ok).toBe(true);
  });

  it("answers 500 when an expression gives calls below 1 or a period past 300 seconds", () => {
    const { ctx } = gateway();
    expect(run(step(`<rate-limit-by-key calls="@(0)" renewal-period="60" ${BY_IP} />`), ctx())).toMatchObject({
      status: 500,
      reason: "ExpressionValueEvaluationFailure",
      message: "rate-limit-by-key: the 'calls' expression gave 0; it must be a whole number of at least 1",
    });
    expect(run(step(`<rate-limit-by-key calls="5" renewal-period="@(301)" ${BY_IP} />`), ctx())).toMatchObject({
      status: 500,
      message: "rate-limit-by-key: the 'renewal-period' expression gave 301; it must be 1 to 300 seconds",
    });
  });

  it("waits for a counter store that answers with a promise", async () => {
    const clock = new FakeClock();
    const memory = new MemoryCounterStore({ sweepIntervalMs: 0 });
    const remote = {
      hit: (...args: Parameters<MemoryCounterStore["hit"]>): Promise<RateLimitResult> => Promise.resolve(memory.hit(...args)),
      quota: memory.quota.bind(memory),
    };
    const policy = step(`<rate-limit-by-key calls="1" renewal-period="60" ${BY_IP} />`);
    const ctx = () => policyContext({ clock, counters: remote });
    expect(await policy.run(ctx())).toEqual({ ok: true });
    expect(await policy.run(ctx())).toMatchObject({ status: 429 });
  });
});
