import type { Db } from "@/db/client";
import { subscriptions, type SubscriptionState } from "@/db/schema/index";
import { loadInstanceSecrets } from "@/db/secrets";
import { encryptSubscriptionKey, generateSubscriptionKey, hashSubscriptionKey } from "@/db/subscription-keys";

/**
 * Inserts a subscription as the portal stores one: two fresh keys, encrypted and hashed with
 * the instance secrets kept beside `dbFile`. Returns the keys in the clear.
 */
export function insertSubscription(
  db: Db,
  dbFile: string,
  subscription: { id: string; scope: string; state?: SubscriptionState; displayName?: string; primaryKey?: string },
): { primary: string; secondary: string } {
  const secrets = loadInstanceSecrets(dbFile);
  const primary = subscription.primaryKey ?? generateSubscriptionKey();
  const secondary = generateSubscriptionKey();
  db.insert(subscriptions)
    .values({
      id: subscription.id,
      scope: subscription.scope,
      displayName: subscription.displayName ?? subscription.id,
      state: subscription.state ?? "active",
      primaryKeyEncrypted: encryptSubscriptionKey(primary, secrets.keyEncryptionKey),
      secondaryKeyEncrypted: encryptSubscriptionKey(secondary, secrets.keyEncryptionKey),
      primaryKeyHash: hashSubscriptionKey(primary, secrets.keyHmacKey),
      secondaryKeyHash: hashSubscriptionKey(secondary, secrets.keyHmacKey),
    })
    .run();
  return { primary, secondary };
}
