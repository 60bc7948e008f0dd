/**
 * The buttons a subscription's row offers, derived from the server's table of state moves
 * (server/subscriptions/subscription-lifecycle.ts), so the list cannot offer a move the server
 * refuses nor miss one it allows. Pure, so the mapping is unit-tested.
 */
import type { SubscriptionState } from "@/db/schema/index";
import { BUILT_IN_SUBSCRIPTION_ID } from "@/db/built-in-subscription";
import { SUBSCRIPTION_TRANSITIONS } from "@/server/subscriptions/subscription-lifecycle";

/** One move as a button: its label, the state it goes to, the toast's verb, and the question asked first (if any). */
export interface SubscriptionAction {
  label: string;
  to: SubscriptionState;
  verb: string;
  confirm?: string;
  tone?: "primary" | "danger";
  /** Shown as a secondary button (the move that lets traffic through), else as a ghost one. */
  primary: boolean;
  /** The move ends the subscription's access: the dialog offers to close its open connections too (ones a suspension left open included). */
  closesConnections?: boolean;
}

const APPROVE: SubscriptionAction = { label: "Approve", to: "active", verb: "approved", primary: true };
const REACTIVATE: SubscriptionAction = { label: "Reactivate", to: "active", verb: "reactivated", primary: true };
const REJECT: SubscriptionAction = { label: "Reject", to: "rejected", verb: "rejected", confirm: "The subscriber is told the request was rejected; the keys never work.", tone: "danger", primary: false };
const SUSPEND: SubscriptionAction = { label: "Suspend", to: "suspended", verb: "suspended", confirm: "The keys stop working until the subscription is reactivated.", tone: "danger", primary: false, closesConnections: true };
const CANCEL: SubscriptionAction = {
  label: "Cancel",
  to: "cancelled",
  verb: "cancelled",
  confirm: "The keys stop working for good; a cancelled subscription cannot be reactivated.",
  tone: "danger",
  primary: false,
  closesConnections: true,
};

/** The action reaching `to` from `from`; null for `expired`, which the subscription's expiration date sets, not a person. */
function actionTo(from: SubscriptionState, to: SubscriptionState): SubscriptionAction | null {
  switch (to) {
    case "active":
      return from === "submitted" ? APPROVE : REACTIVATE;
    case "rejected":
      return REJECT;
    case "suspended":
      return SUSPEND;
    case "cancelled":
      return CANCEL;
    default:
      return null;
  }
}

/** The buttons of a subscription in `state`; none for the built-in subscription, which stays active. */
export function subscriptionActions(id: string, state: SubscriptionState): SubscriptionAction[] {
  if (id === BUILT_IN_SUBSCRIPTION_ID) return [];
  return SUBSCRIPTION_TRANSITIONS[state].flatMap((to) => actionTo(state, to) ?? []);
}
