import "server-only";
import { and, count, eq, inArray, ne } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { subscriptions } from "@/db/schema/index";
import { ConflictError } from "@/server/http/errors";
import type { ProductRow } from "@/server/products/to-product-contract";
import { LIVE_SUBSCRIPTION_STATES } from "./subscription-lifecycle";

/**
 * Throws ConflictError when `ownerId` already holds `product.subscriptionsLimit` live
 * subscriptions (submitted, active or suspended) to the product, not counting `subscriptionId`
 * itself. Call it inside the write's transaction, before the write.
 */
export function assertWithinSubscriptionsLimit(
  db: DbExecutor,
  product: ProductRow,
  ownerId: string,
  subscriptionId: string,
): void {
  if (product.subscriptionsLimit === null) return;
  const held =
    db
      .select({ n: count() })
      .from(subscriptions)
      .where(
        and(
          eq(subscriptions.scope, `/products/${product.id}`),
          eq(subscriptions.ownerId, ownerId),
          inArray(subscriptions.state, [...LIVE_SUBSCRIPTION_STATES]),
          ne(subscriptions.id, subscriptionId),
        ),
      )
      .get()?.n ?? 0;
  if (held >= product.subscriptionsLimit) {
    throw new ConflictError(
      `User '${ownerId}' already holds ${held} subscription${held === 1 ? "" : "s"} to product '${product.id}', its limit per user.`,
    );
  }
}
