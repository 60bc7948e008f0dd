import { eq } from "drizzle-orm";
import { BUILT_IN_SUBSCRIPTION_ID, BUILT_IN_SUBSCRIPTION_NAME } from "@/db/built-in-subscription";
import type { Db } from "@/db/client";
import { subscriptions } from "@/db/schema/index";
import { generateSubscriptionKey } from "@/db/subscription-keys";
import { UnprocessableEntityError } from "@/server/http/errors";
import type { KeySecrets } from "./instance-secrets";
import { sealSubscriptionKey } from "./seal-subscription-key";

/*
 * APIM's built-in all-access subscription (db/built-in-subscription.ts). The admin portal's
 * test console connects with it; administrators read its keys and may regenerate them, but
 * nobody deletes it, narrows it or takes it out of service.
 */

/** Creates the built-in subscription with fresh keys when the instance has none (idempotent). */
export function ensureBuiltInSubscription(db: Db, secrets: KeySecrets): void {
  db.transaction(
    (tx) => {
      if (tx.select({ id: subscriptions.id }).from(subscriptions).where(eq(subscriptions.id, BUILT_IN_SUBSCRIPTION_ID)).get()) return;
      const primary = sealSubscriptionKey(generateSubscriptionKey(), secrets);
      const secondary = sealSubscriptionKey(generateSubscriptionKey(), secrets);
      const now = new Date();
      tx.insert(subscriptions)
        .values({
          id: BUILT_IN_SUBSCRIPTION_ID,
          scope: "/apis",
          displayName: BUILT_IN_SUBSCRIPTION_NAME,
          ownerId: null,
          state: "active",
          primaryKeyEncrypted: primary.encrypted,
          primaryKeyHash: primary.hash,
          secondaryKeyEncrypted: secondary.encrypted,
          secondaryKeyHash: secondary.hash,
          startDate: now,
        })
        .run();
    },
    { behavior: "immediate" },
  );
}

/** Throws UnprocessableEntityError when `subscriptionId` is the built-in one and `change` would alter what it is. */
export function assertNotBuiltIn(subscriptionId: string, change: "delete" | "replace" | "state"): void {
  if (subscriptionId !== BUILT_IN_SUBSCRIPTION_ID) return;
  const what = { delete: "deleted", replace: "replaced", state: "suspended, cancelled or otherwise taken out of service" }[change];
  throw new UnprocessableEntityError(`The ${BUILT_IN_SUBSCRIPTION_NAME.toLowerCase()} cannot be ${what}.`);
}
