import { describe, expect, it } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import { MemoryCounterStore } from "@/gateway/policies/counters/memory-counter-store";
import type { Decision, PolicyContext, PolicyScope, Step } from "@/gateway/policies/policy";
import { FakeClock, policyContext, type PolicyContextOverrides } from "./policy-context-fixture";

function compile(inbound: string, scope: PolicyScope = "api") {
  return compilePolicyDocument(`<policies><inbound>${inbound}</inbound></policies>`, scope);
}
function errors(inbound: string, scope: PolicyScope = "api"): string[] {
  return compile(inbound, scope).diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
}
function steps(inbound: string): Step[] {
  const { document, diagnostics } = compile(inbound);
  expect(diagnostics).toEqual([]);
  return document!.inbound! as Step[];
}
const TEN_O_CLOCK = Date.parse("2030-01-01T10:00:00Z");
function gateway() {
  const clock = new FakeClock(TEN_O_CLOCK);
  const counters = new MemoryCounterStore({ sweepIntervalMs: 0 });
  return { clock, ctx: (o: PolicyContextOverrides = {}): PolicyContext => policyContext({ clock, counters, ...o }) };
}
const run = (s: Step, ctx: PolicyContext) => s.run(ctx) as Decision;
/** Runs the steps as the pipeline does: in order, until one refuses. */
function runAll(list: Step[], ctx: PolicyContext): Decision {
  for (const s of list) {
    const d = run(s, ctx);
    if (!d.ok) return d;
  }
  return { ok: true };
}
const BY_IP = `counter-key="@(context.Request.IpAddress)"`;

describe("<quota-by-key> parsing", () => {
  it("needs renewal-period, counter-key and calls or bandwidth", () => {
    expect(errors(`<quota-by-key />`)).toEqual([
      "<quota-by-key> needs the attribute 'renewal-period'",
      "<quota-by-key> needs the attribute 'counter-key'",
      "<quota-by-key> needs 'calls', 'bandwidth' or both",
    ]);
  });

  it("keeps renewal-period at 0 or APIM's minimum of 300 seconds", () => {
    expect(errors(`<quota-by-key calls="5" renewal-period="60" ${BY_IP} />`)).toEqual([
      "'renewal-period' of <quota-by-key> must be 0 (never renewed) or at least 300 seconds, not 60",
    ]);
    expect(errors(`<quota-by-key calls="5" renewal-period="0" ${BY_IP} />`)).toEqual([]);
  });

  it("reads first-period-start as yyyy-MM-ddTHH:mm:ssZ and refuses other forms and dates that do not exist", () => {
    expect(errors(`<quota-by-key calls="5" renewal-period="3600" first-period-start="2024-01-01T06:30:00Z" ${BY_IP} />`)).toEqual([]);
    for (const bad of ["2024-01-01", "2024-02-30T00:00:00Z", "2024-01-01T00:00:00+02:00"]) {
      expect(errors(`<quota-by-key calls="5" renewal-period="3600" first-period-start="${bad}" ${BY_IP} />`)).toEqual([
        `'first-period-start' of <quota-by-key> must be a UTC date and time as yyyy-MM-ddTHH:mm:ssZ (e.g. 2024-01-01T00:00:00Z), not '${bad}'`,
      ]);
    }
  });

  it("refuses bandwidth in an API's document", () => {
    expect(errors(`<quota-by-key calls="5" bandwidth="100" renewal-period="3600" ${BY_IP} />`)).toEqual([
      "'bandwidth' of <quota-by-key> is not supported on WebSocket APIs (a WebSocket connection's bytes are not known at its handshake): limit 'calls' (handshakes) instead",
    ]);
    expect(errors(`<quota-by-key calls="5" bandwidth="100" renewal-period="3600" ${BY_IP} />`, "global")).toEqual([]);
  });

  it("takes no policy expression in calls (APIM allows them only in counter-key, increment-condition and increment-count)", () => {
    expect(errors(`<quota-by-key calls="@(5)" renewal-period="3600" ${BY_IP} />`)).toEqual(["'calls' of <quota-by-key> does not accept a policy expression"]);
  });
});

describe("<quota-by-key> at a handshake", () => {
  it("lets exactly `calls` handshakes per key through and refuses the next with APIM's 403 and Retry-After", () => {
    const { clock, ctx } = gateway();
    const [policy] = steps(`<quota-by-key calls="3" renewal-period="86400" ${BY_IP} />`);
    for (let i = 0; i < 3; i++) expect(run(policy!, ctx())).toEqual({ ok: true });
    clock.advance(59_000);
    expect(run(policy!, ctx())).toEqual({
      ok: false,
      status: 403,
      reason: "QuotaExceeded",
      message: "Out of call volume quota. Quota will be replenished in 13:59:01.",
      source: "quota-by-key",
      headers: { "Retry-After": "50341" },
    });
    expect(run(policy!, ctx({ ipAddress: "198.51.100.2" })).ok).toBe(true);
  });

  it("counts periods from first-period-start and renews at each period's end", () => {
    const { clock, ctx } = gateway();
    const [policy] = steps(`<quota-by-key calls="1" renewal-period="3600" first-period-start="2024-01-01T00:30:00Z" ${BY_IP} />`);
    expect(run(policy!, ctx()).ok).toBe(true);
    expect(run(policy!, ctx())).toMatchObject({ message: "Out of call volume quota. Quota will be replenished in 00:30:00.", headers: { "Retry-After": "1800" } });
    clock.advance(30 * 60_000);
    expect(run(policy!, ctx()).ok).toBe(true);
  });

  it("prints a replenish time past a day with its days, as .NET does", () => {
    const { ctx } = gateway();
    const [policy] = steps(`<quota-by-key calls="1" renewal-period="2592000" first-period-start="2029-12-20T00:00:00Z" ${BY_IP} />`);
    run(policy!, ctx());
    expect(run(policy!, ctx())).toMatchObject({ message: "Out of call volume quota. Quota will be replenished in 17.14:00:00." });
  });

  it("does not count a handshake whose increment-condition is false, but refuses it once the quota is spent", () => {
    const { ctx } = gateway();
    const [policy] = steps(
      `<quota-by-key calls="1" renewal-period="3600" ${BY_IP} increment-condition="@(context.Request.Url.Query.GetValueOrDefault(&quot;probe&quot;, &quot;&quot;) != &quot;1&quot;)" />`,
    );
    const probe = () => ctx({ query: { probe: "1" } });
    for (let i = 0; i < 3; i++) expect(run(policy!, probe()).ok).toBe(true);
    expect(run(policy!, ctx()).ok).toBe(true);
    expect(run(policy!, probe())).toMatchObject({ status: 403 });
  });

  it("counts a key once per handshake when several quota-by-key policies use it, each still checking its own limit", () => {
    const { ctx } = gateway();
    const pair = steps(`<quota-by-key calls="2" renewal-period="3600" counter-key="shared" /><quota-by-key calls="5" renewal-period="3600" counter-key="shared" />`);
    expect(runAll(pair, ctx())).toEqual({ ok: true });
    expect(runAll(pair, ctx())).toEqual({ ok: true });
    expect(runAll(pair, ctx())).toMatchObject({ status: 403, source: "quota-by-key" });
  });

  it("counts increment-count calls per handshake", () => {
    const { ctx } = gateway();
    const [policy] = steps(`<quota-by-key calls="5" renewal-period="3600" increment-count="@(2)" ${BY_IP} />`);
    expect([run(policy!, ctx()).ok, run(policy!, ctx()).ok, run(policy!, ctx()).ok]).toEqual([true, true, false]);
  });
});
