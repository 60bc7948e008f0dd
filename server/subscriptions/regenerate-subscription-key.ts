import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { subscriptions } from "@/db/schema/index";
import { generateSubscriptionKey } from "@/db/subscription-keys";
import type { Principal } from "@/server/auth/authenticate-api-token";
import { recordAudit } from "@/server/audit/record-audit";
import { getSubscriptionOrThrow } from "./get-subscription-or-throw";
import type { KeySecrets } from "./instance-secrets";
import { sealSubscriptionKey } from "./seal-subscription-key";

/**
 * Replaces the primary or secondary key with a new random one; the old key stops working
 * at the gateway's next reload. Administrators, or the developer who owns the subscription.
 */
export function regenerateSubscriptionKey(
  db: Db,
  secrets: KeySecrets,
  subscriptionId: string,
  which: "primary" | "secondary",
  requester: Pick<Principal, "role" | "userId">,
): void {
  db.transaction(
    (tx) => {
      getSubscriptionOrThrow(tx, subscriptionId, requester);
      const sealed = sealSubscriptionKey(generateSubscriptionKey(), secrets);
      const columns =
        which === "primary"
          ? { primaryKeyEncrypted: sealed.encrypted, primaryKeyHash: sealed.hash }
          : { secondaryKeyEncrypted: sealed.encrypted, secondaryKeyHash: sealed.hash };
      tx.update(subscriptions).set(columns).where(eq(subscriptions.id, subscriptionId)).run();
      recordAudit(tx, { action: which === "primary" ? "regeneratePrimaryKey" : "regenerateSecondaryKey", resource: `/subscriptions/${subscriptionId}` });
    },
    { behavior: "immediate" },
  );
}
