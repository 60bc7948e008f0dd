/**
 * A shared counter store that cannot answer and is set to refuse (GATEWAY_COUNTERS_ON_ERROR=deny)
 * turns every rate-limit and quota policy into a 503, whatever the limit says; one that lets
 * calls through (the default) lets the handshake on.
 */
import { describe, expect, it } from "vitest";
import type { CounterStore, Decision } from "@/gateway/policies/policy";
import { runInbound } from "./compile-inbound-fixture";
import { policyContext } from "./policy-context-fixture";

const unavailable: CounterStore = {
  hit: () => Promise.resolve({ allowed: false, remaining: 0, retryAfterMs: 0, unavailable: true }),
  quota: () => Promise.resolve({ allowed: false, exceeded: null, renewsInMs: 0, unavailable: true }),
};
const failingOpen: CounterStore = {
  hit: (_key, limit) => Promise.resolve({ allowed: true, remaining: limit, retryAfterMs: 0 }),
  quota: () => Promise.resolve({ allowed: true, exceeded: null, renewsInMs: 0 }),
};

const subscription = { id: "sub-1", key: "k", name: "Sub" };
const POLICIES = {
  "rate-limit": `<rate-limit calls="5" renewal-period="60" />`,
  "rate-limit with a nested limit": `<rate-limit calls="5" renewal-period="60"><api name="Echo" calls="2" renewal-period="10" /></rate-limit>`,
  "rate-limit-by-key": `<rate-limit-by-key calls="5" renewal-period="60" counter-key="@(context.Request.IpAddress)" />`,
  quota: `<quota calls="5" renewal-period="3600" />`,
  "quota with a nested quota": `<quota calls="5" renewal-period="3600"><api name="Echo" calls="2" renewal-period="60" /></quota>`,
  "quota-by-key": `<quota-by-key calls="5" renewal-period="3600" counter-key="@(context.Request.IpAddress)" />`,
};

describe("rate limits and quotas when the counter store cannot answer", () => {
  for (const [name, policy] of Object.entries(POLICIES)) {
    it(`${name}: refused with 503 when the store is set to deny`, async () => {
      const decision: Decision = await runInbound(policy, policyContext({ subscription, api: { name: "Echo" }, counters: unavailable }));
      const source = name.split(" ")[0];
      expect(decision).toEqual({
        ok: false,
        status: 503,
        reason: "CounterStoreUnavailable",
        message: "Rate limits and quotas cannot be checked right now. Try again later.",
        source,
      });
    });

    it(`${name}: let through when the store fails open`, async () => {
      expect(await runInbound(policy, policyContext({ subscription, api: { name: "Echo" }, counters: failingOpen }))).toEqual({ ok: true });
    });
  }
});
