import { describe, expect, it } from "vitest";
import { SUBSCRIPTION_STATES, type SubscriptionState } from "@/db/schema/index";
import { UnprocessableEntityError } from "@/server/http/errors";
import { assertStateTransition, stateDates } from "@/server/subscriptions/subscription-state-transitions";

const allowed: [SubscriptionState, SubscriptionState][] = [
  ["submitted", "active"], // approve
  ["submitted", "rejected"], // reject
  ["submitted", "cancelled"],
  ["active", "suspended"], // suspend
  ["active", "cancelled"],
  ["active", "expired"],
  ["suspended", "active"], // reactivate
  ["suspended", "cancelled"],
  ["expired", "active"], // renew
  ["expired", "cancelled"],
];

describe("assertStateTransition", () => {
  it("allows exactly the lifecycle's transitions, and staying put", () => {
    for (const from of SUBSCRIPTION_STATES) {
      for (const to of SUBSCRIPTION_STATES) {
        const legal = from === to || allowed.some(([f, t]) => f === from && t === to);
        const check = () => assertStateTransition("s", from, to);
        if (legal) expect(check, `${from} → ${to}`).not.toThrow();
        else expect(check, `${from} → ${to}`).toThrow(UnprocessableEntityError);
      }
    }
  });

  it("says where a state can go", () => {
    expect(() => assertStateTransition("s", "suspended", "submitted")).toThrow(
      "Subscription 's' cannot go from 'suspended' to 'submitted'. From 'suspended' it can go to: active, cancelled.",
    );
    expect(() => assertStateTransition("s", "rejected", "active")).toThrow("Subscription 's' cannot go from 'rejected' to 'active'. 'rejected' is final.");
  });
});

describe("stateDates", () => {
  const now = new Date("2025-03-01T00:00:00Z");
  const earlier = new Date("2025-01-01T00:00:00Z");
  it("starts on the first activation only, and ends when leaving the live states", () => {
    expect(stateDates({ startDate: null, endDate: null }, "active", now)).toEqual({ startDate: now, endDate: null });
    expect(stateDates({ startDate: earlier, endDate: null }, "active", now)).toEqual({ startDate: earlier, endDate: null });
    expect(stateDates({ startDate: earlier, endDate: null }, "suspended", now)).toEqual({ startDate: earlier, endDate: null });
    expect(stateDates({ startDate: earlier, endDate: null }, "cancelled", now)).toEqual({ startDate: earlier, endDate: now });
    expect(stateDates({ startDate: null, endDate: null }, "submitted", now)).toEqual({ startDate: null, endDate: null });
  });
});
