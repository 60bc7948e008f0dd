import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { policies, products, subscriptions } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { requestCloseOfOpenConnections, type BulkCloseRequest } from "@/server/connections/close-open-connections";
import { ConflictError } from "@/server/http/errors";
import { recordSubscriptionDeleted, SUBSCRIPTION_DELETED_REASON } from "@/server/subscriptions/delete-subscription";
import { toProductContract } from "./to-product-contract";

/**
 * Deletes a product, its product-scope policy and its API links (cascade). As in APIM, a
 * product that has subscriptions is kept (ConflictError) unless `deleteSubscriptions`, which
 * deletes them too. Returns false when there was no such product.
 */
export function deleteProduct(db: Db, productId: string, options: { deleteSubscriptions: boolean; closeConnections?: Omit<BulkCloseRequest, "reason"> }): boolean {
  return db.transaction(
    (tx) => {
      const current = tx.select().from(products).where(eq(products.id, productId)).get();
      if (!current) return false;
      const scope = eq(subscriptions.scope, `/products/${productId}`);
      const held = tx.select().from(subscriptions).where(scope).all();
      if (held.length > 0 && !options.deleteSubscriptions) {
        throw new ConflictError(
          `Product '${productId}' has ${held.length} subscription${held.length === 1 ? "" : "s"}; ` +
            "delete them first or pass deleteSubscriptions=true.",
        );
      }
      for (const row of held) {
        recordSubscriptionDeleted(tx, row);
        if (options.closeConnections) requestCloseOfOpenConnections(tx, { subscriptionId: row.id }, { ...options.closeConnections, reason: SUBSCRIPTION_DELETED_REASON });
      }
      tx.delete(subscriptions).where(scope).run();
      tx.delete(policies).where(and(eq(policies.scope, "product"), eq(policies.scopeId, productId))).run();
      tx.delete(products).where(eq(products.id, productId)).run();
      recordAudit(tx, { action: "delete", resource: `/products/${productId}`, before: toProductContract(current) });
      return true;
    },
    { behavior: "immediate" },
  );
}
