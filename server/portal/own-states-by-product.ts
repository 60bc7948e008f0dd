import "server-only";
import { and, eq, inArray, like } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { subscriptions } from "@/db/schema/index";

type LiveState = "active" | "submitted" | "suspended";

/** How many live subscriptions (active, pending approval, suspended) the user holds to each product. */
export function ownStatesByProduct(db: DbExecutor, userId: string | null): Map<string, Partial<Record<LiveState, number>>> {
  const byProduct = new Map<string, Partial<Record<LiveState, number>>>();
  if (userId === null) return byProduct;
  const rows = db
    .select({ scope: subscriptions.scope, state: subscriptions.state })
    .from(subscriptions)
    .where(and(eq(subscriptions.ownerId, userId), like(subscriptions.scope, "/products/%"), inArray(subscriptions.state, ["active", "submitted", "suspended"])))
    .all();
  for (const row of rows) {
    const productId = row.scope.slice("/products/".length);
    const states = byProduct.get(productId) ?? {};
    const state = row.state as LiveState;
    states[state] = (states[state] ?? 0) + 1;
    byProduct.set(productId, states);
  }
  return byProduct;
}
