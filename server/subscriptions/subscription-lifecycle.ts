/**
 * The subscription lifecycle's facts, in one home that the server, the admin portal's list and
 * the CLI import: which state moves are allowed, which states are live (the built-in
 * subscription's id is db/built-in-subscription.ts). Plain data only (no database, no HTTP errors), so client components can
 * import it.
 */
import type { SubscriptionState } from "@/db/schema/index";

/**
 * The subscription lifecycle, as in APIM: approve (submitted → active), reject (submitted →
 * rejected), suspend (active → suspended), reactivate (suspended or expired → active) and
 * cancel (from any live state). Rejected and cancelled are final: subscribe again instead.
 */
export const SUBSCRIPTION_TRANSITIONS: Readonly<Record<SubscriptionState, readonly SubscriptionState[]>> = {
  submitted: ["active", "rejected", "cancelled"],
  active: ["suspended", "cancelled", "expired"],
  suspended: ["active", "cancelled"],
  expired: ["active", "cancelled"],
  rejected: [],
  cancelled: [],
};

/** States that hold a place under a product's subscriptionsLimit. */
export const LIVE_SUBSCRIPTION_STATES: readonly SubscriptionState[] = ["submitted", "active", "suspended"];
