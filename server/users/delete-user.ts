import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { subscriptions, users } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { requestCloseOfOpenConnections, type BulkCloseRequest } from "@/server/connections/close-open-connections";
import { ConflictError } from "@/server/http/errors";
import { recordSubscriptionDeleted, SUBSCRIPTION_DELETED_REASON } from "@/server/subscriptions/delete-subscription";
import { assertAdministratorRemains } from "./assert-administrator-remains";
import { toUserContract } from "./to-user-contract";

/**
 * Deletes a user with their group memberships and API tokens (cascade). As in APIM, a user
 * who has subscriptions is kept (ConflictError) unless `deleteSubscriptions`; the last
 * active administrator is never deleted. Returns false when there was no such user.
 */
export function deleteUser(db: Db, userId: string, options: { deleteSubscriptions: boolean; closeConnections?: Omit<BulkCloseRequest, "reason"> }): boolean {
  return db.transaction(
    (tx) => {
      const current = tx.select().from(users).where(eq(users.id, userId)).get();
      if (!current) return false;
      assertAdministratorRemains(tx, userId, null);
      const owned = eq(subscriptions.ownerId, userId);
      const held = tx.select().from(subscriptions).where(owned).all();
      if (held.length > 0 && !options.deleteSubscriptions) {
        throw new ConflictError(
          `User '${userId}' has ${held.length} subscription${held.length === 1 ? "" : "s"}; ` +
            "delete them first or pass deleteSubscriptions=true.",
        );
      }
      for (const row of held) {
        recordSubscriptionDeleted(tx, row);
        if (options.closeConnections) requestCloseOfOpenConnections(tx, { subscriptionId: row.id }, { ...options.closeConnections, reason: SUBSCRIPTION_DELETED_REASON });
      }
      tx.delete(subscriptions).where(owned).run();
      tx.delete(users).where(eq(users.id, userId)).run();
      recordAudit(tx, { action: "delete", resource: `/users/${userId}`, before: toUserContract(current) });
      return true;
    },
    { behavior: "immediate" },
  );
}
