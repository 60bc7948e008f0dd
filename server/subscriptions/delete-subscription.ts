import "server-only";
import { eq } from "drizzle-orm";
import type { Db, DbExecutor } from "@/db/client";
import { subscriptions } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { requestCloseOfOpenConnections, type BulkCloseRequest } from "@/server/connections/close-open-connections";
import { assertNotBuiltIn } from "./built-in-subscription";
import { toSubscriptionContract, type SubscriptionRow } from "./to-subscription-contract";

/** The Close reason of connections closed because their subscription was deleted (alone, or with its product or owner). */
export const SUBSCRIPTION_DELETED_REASON = "Subscription deleted";

/**
 * Deletes a subscription (its keys stop working at the gateway's next reload); false when there
 * was none. With `closeConnections`, the connections its keys opened are asked to close (1008
 * "Subscription deleted") in the same transaction.
 */
export function deleteSubscription(db: Db, subscriptionId: string, options: { closeConnections?: Omit<BulkCloseRequest, "reason"> } = {}): boolean {
  assertNotBuiltIn(subscriptionId, "delete");
  return db.transaction(
    (tx) => {
      const deleted = tx.delete(subscriptions).where(eq(subscriptions.id, subscriptionId)).returning().all();
      for (const row of deleted) recordSubscriptionDeleted(tx, row);
      if (deleted.length > 0 && options.closeConnections) {
        requestCloseOfOpenConnections(tx, { subscriptionId }, { ...options.closeConnections, reason: SUBSCRIPTION_DELETED_REASON });
      }
      return deleted.length > 0;
    },
    { behavior: "immediate" },
  );
}

/** The audit entry of a deleted subscription, also written when a product or user takes its subscriptions along. */
export function recordSubscriptionDeleted(tx: DbExecutor, row: SubscriptionRow): void {
  recordAudit(tx, { action: "delete", resource: `/subscriptions/${row.id}`, before: toSubscriptionContract(row) });
}
