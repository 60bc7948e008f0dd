import { describe, expect, it } from "vitest";
import { subscriptionActions } from "@/components/subscriptions/subscription-actions";
import { SUBSCRIPTION_TRANSITIONS } from "@/server/subscriptions/subscription-lifecycle";
import type { SubscriptionState } from "@/db/schema/index";

const labels = (state: SubscriptionState) => subscriptionActions("sub-1", state).map((a) => `${a.label} → ${a.to}`);

describe("subscriptionActions", () => {
  it("offers what the server allows from each state, with APIM's words", () => {
    expect(labels("submitted")).toEqual(["Approve → active", "Reject → rejected", "Cancel → cancelled"]);
    expect(labels("active")).toEqual(["Suspend → suspended", "Cancel → cancelled"]);
    expect(labels("suspended")).toEqual(["Reactivate → active", "Cancel → cancelled"]);
    expect(labels("expired")).toEqual(["Reactivate → active", "Cancel → cancelled"]);
    expect(labels("rejected")).toEqual([]);
    expect(labels("cancelled")).toEqual([]);
  });

  it("offers every move of the server's table but expiry, which the expiration date makes", () => {
    for (const [from, moves] of Object.entries(SUBSCRIPTION_TRANSITIONS) as [SubscriptionState, readonly SubscriptionState[]][]) {
      expect(subscriptionActions("sub-1", from).map((a) => a.to)).toEqual(moves.filter((to) => to !== "expired"));
    }
  });

  it("asks before the moves that stop keys working, and offers nothing on the built-in subscription", () => {
    expect(subscriptionActions("sub-1", "submitted").map((a) => [a.label, a.confirm !== undefined])).toEqual([
      ["Approve", false],
      ["Reject", true],
      ["Cancel", true],
    ]);
    expect(subscriptionActions("master", "active")).toEqual([]);
  });
});
