import "server-only";
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { subscriptions } from "@/db/schema/index";
import type { Principal } from "@/server/auth/authenticate-api-token";
import type { SubscriptionListQuery } from "./subscription.schemas";
import type { SubscriptionRow } from "./to-subscription-contract";

/**
 * One page of subscriptions ordered by id, filtered by state, scope and owner. A developer
 * sees only their own, whatever ownerId they ask for.
 */
export function listSubscriptions(
  db: Db,
  filters: SubscriptionListQuery,
  requester: Pick<Principal, "role" | "userId">,
): { items: SubscriptionRow[]; count: number } {
  const conditions: SQL[] = [];
  if (filters.state) conditions.push(eq(subscriptions.state, filters.state));
  if (filters.scope) conditions.push(eq(subscriptions.scope, filters.scope));
  if (requester.role === "developer") {
    // A token without a user owns nothing.
    conditions.push(requester.userId === null ? sql`0` : eq(subscriptions.ownerId, requester.userId));
  }
  if (filters.ownerId) conditions.push(eq(subscriptions.ownerId, filters.ownerId));
  const where = and(...conditions);
  const items = db.select().from(subscriptions).where(where).orderBy(asc(subscriptions.id)).limit(filters.$top).offset(filters.$skip).all();
  return { items, count: db.select({ n: count() }).from(subscriptions).where(where).get()?.n ?? 0 };
}
