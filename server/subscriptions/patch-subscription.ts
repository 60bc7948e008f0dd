import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { subscriptions } from "@/db/schema/index";
import type { Principal } from "@/server/auth/authenticate-api-token";
import { recordAudit } from "@/server/audit/record-audit";
import { requestCloseOfOpenConnections, type BulkCloseRequest } from "@/server/connections/close-open-connections";
import { ForbiddenError } from "@/server/http/errors";
import { getProductOrThrow } from "@/server/products/get-product-or-throw";
import { assertWithinSubscriptionsLimit } from "./assert-within-subscriptions-limit";
import { assertNotBuiltIn } from "./built-in-subscription";
import { getSubscriptionOrThrow } from "./get-subscription-or-throw";
import type { SubscriptionPatchProperties } from "./subscription.schemas";
import { LIVE_SUBSCRIPTION_STATES } from "./subscription-lifecycle";
import { assertStateTransition, stateDates } from "./subscription-state-transitions";
import { toSubscriptionContract, type SubscriptionRow } from "./to-subscription-contract";

/**
 * Renames a subscription or moves it through its lifecycle (approve, reject, suspend,
 * reactivate, cancel). A developer may only rename or cancel their own. With
 * `closeConnections`, a subscription left in any state but active has its open connections
 * asked to close (1008 "Subscription suspended", "… cancelled"), in the same transaction. Throws NotFoundError,
 * ForbiddenError, UnprocessableEntityError (illegal transition) or ConflictError (reactivating
 * past the product's per-user limit).
 */
export function patchSubscription(
  db: Db,
  subscriptionId: string,
  patch: SubscriptionPatchProperties,
  requester: Pick<Principal, "role" | "userId">,
  options: { closeConnections?: Omit<BulkCloseRequest, "reason"> } = {},
): SubscriptionRow {
  return db.transaction(
    (tx) => {
      const current = getSubscriptionOrThrow(tx, subscriptionId, requester);
      const state = patch.state ?? current.state;
      if (requester.role === "developer") {
        if ((state !== current.state && state !== "cancelled") || patch.stateComment !== undefined || patch.allowTracing !== undefined) {
          throw new ForbiddenError("A developer can only rename or cancel their own subscription.");
        }
      }
      if (state !== current.state) assertNotBuiltIn(subscriptionId, "state");
      assertStateTransition(subscriptionId, current.state, state);
      const revives = !LIVE_SUBSCRIPTION_STATES.includes(current.state) && LIVE_SUBSCRIPTION_STATES.includes(state);
      if (revives && current.ownerId !== null && current.scope.startsWith("/products/")) {
        const product = getProductOrThrow(tx, current.scope.slice("/products/".length));
        assertWithinSubscriptionsLimit(tx, product, current.ownerId, subscriptionId);
      }
      const subscription = tx
        .update(subscriptions)
        .set({
          displayName: patch.displayName ?? current.displayName,
          state,
          stateComment: patch.stateComment === undefined ? current.stateComment : patch.stateComment,
          allowTracing: patch.allowTracing ?? current.allowTracing,
          ...(state === current.state ? {} : stateDates(current, state, new Date())),
        })
        .where(eq(subscriptions.id, subscriptionId))
        .returning()
        .get();
      recordAudit(tx, {
        action: "update",
        resource: `/subscriptions/${subscriptionId}`,
        before: toSubscriptionContract(current),
        after: toSubscriptionContract(subscription),
      });
      // Only a subscription that no longer lets anyone in takes its connections along.
      if (options.closeConnections && state !== "active") {
        requestCloseOfOpenConnections(tx, { subscriptionId }, { ...options.closeConnections, reason: `Subscription ${state}` });
      }
      return subscription;
    },
    { behavior: "immediate" },
  );
}
