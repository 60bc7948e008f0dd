import type { Db } from "@/db/client";
import { decryptSubscriptionKey } from "@/db/subscription-keys";
import type { Principal } from "@/server/auth/authenticate-api-token";
import { recordAudit } from "@/server/audit/record-audit";
import { getSubscriptionOrThrow } from "./get-subscription-or-throw";
import type { KeySecrets } from "./instance-secrets";
import type { SubscriptionSecrets } from "./subscription.schemas";

/**
 * The subscription's keys in clear (administrators, or the developer who owns it). A person
 * asking for a secret is audited like a change: who saw which keys, and when. `audit: false`
 * is for the portal filling a signed-in user's own keys into their pages (code samples, the
 * console): that is no one revealing a key, and recording it buried the log in rows.
 */
export function listSubscriptionSecrets(
  db: Db,
  secrets: KeySecrets,
  subscriptionId: string,
  requester: Pick<Principal, "role" | "userId">,
  options: { audit: boolean } = { audit: true },
): SubscriptionSecrets {
  return db.transaction(
    (tx) => {
      const row = getSubscriptionOrThrow(tx, subscriptionId, requester);
      if (options.audit) recordAudit(tx, { action: "listSecrets", resource: `/subscriptions/${subscriptionId}` });
      return {
        primaryKey: decryptSubscriptionKey(row.primaryKeyEncrypted, secrets.keyEncryptionKey),
        secondaryKey: decryptSubscriptionKey(row.secondaryKeyEncrypted, secrets.keyEncryptionKey),
      };
    },
    { behavior: "immediate" },
  );
}
