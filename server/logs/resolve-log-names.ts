import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apis, products, subscriptions, users } from "@/db/schema/index";

/** The ids a log row or an open connection refers to. */
interface LogRefs {
  apiId: string | null;
  productId: string | null;
  subscriptionId: string | null;
  userId: string | null;
}

/** What people read instead of the ids; null when there is no id or its resource is gone. */
export interface LogNames {
  apiName: string | null;
  productName: string | null;
  subscriptionName: string | null;
  userEmail: string | null;
}

/** The rows with the display names (and the user's email) of what they refer to: four small lookups per page, not per row. */
export function withLogNames<T extends LogRefs>(db: Db, rows: T[]): (T & LogNames)[] {
  if (rows.length === 0) return [];
  const ids = (pick: (row: T) => string | null) => [...new Set(rows.map(pick).filter((id): id is string => id !== null))];
  const lookup = <R extends { id: string; name: string }>(list: string[], query: (list: string[]) => R[]) =>
    new Map(list.length === 0 ? [] : query(list).map((r) => [r.id, r.name]));
  const apiNames = lookup(ids((r) => r.apiId), (list) => db.select({ id: apis.id, name: apis.displayName }).from(apis).where(inArray(apis.id, list)).all());
  const productNames = lookup(ids((r) => r.productId), (list) =>
    db.select({ id: products.id, name: products.displayName }).from(products).where(inArray(products.id, list)).all(),
  );
  const subscriptionNames = lookup(ids((r) => r.subscriptionId), (list) =>
    db.select({ id: subscriptions.id, name: subscriptions.displayName }).from(subscriptions).where(inArray(subscriptions.id, list)).all(),
  );
  const userEmails = lookup(ids((r) => r.userId), (list) => db.select({ id: users.id, name: users.email }).from(users).where(inArray(users.id, list)).all());
  const name = (map: Map<string, string>, id: string | null) => (id === null ? null : (map.get(id) ?? null));
  return rows.map((row) => ({
    ...row,
    apiName: name(apiNames, row.apiId),
    productName: name(productNames, row.productId),
    subscriptionName: name(subscriptionNames, row.subscriptionId),
    userEmail: name(userEmails, row.userId),
  }));
}
