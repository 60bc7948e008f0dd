import type { SubscriptionState } from "@/db/schema/index";
import { UnprocessableEntityError } from "@/server/http/errors";
import { LIVE_SUBSCRIPTION_STATES, SUBSCRIPTION_TRANSITIONS } from "./subscription-lifecycle";

/** Throws UnprocessableEntityError (422) unless `from → to` is a transition (staying put always is). */
export function assertStateTransition(subscriptionId: string, from: SubscriptionState, to: SubscriptionState): void {
  if (from === to || SUBSCRIPTION_TRANSITIONS[from].includes(to)) return;
  const allowed = SUBSCRIPTION_TRANSITIONS[from];
  throw new UnprocessableEntityError(
    `Subscription '${subscriptionId}' cannot go from '${from}' to '${to}'. ` +
      (allowed.length > 0 ? `From '${from}' it can go to: ${allowed.join(", ")}.` : `'${from}' is final.`),
    { details: [{ target: "properties.state", message: `cannot change from '${from}' to '${to}'` }] },
  );
}

/** Dates a state change stamps: the first activation starts it, leaving a live state ends it. */
export function stateDates(
  current: { startDate: Date | null; endDate: Date | null },
  to: SubscriptionState,
  now: Date,
): { startDate: Date | null; endDate: Date | null } {
  if (to === "active") return { startDate: current.startDate ?? now, endDate: null };
  if (LIVE_SUBSCRIPTION_STATES.includes(to)) return { startDate: current.startDate, endDate: null };
  return { startDate: current.startDate, endDate: current.endDate ?? now };
}
