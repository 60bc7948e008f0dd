import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apis, configRevision, gatewayApis, MANAGED_GATEWAY_ID, policies, productApis, products, subscriptions, users } from "../../db/schema/index";
import type { ConfigApiRow, ConfigRows } from "./config-rows";

/** Reads the current revision: one row, polled often. */
export function readRevision(db: Db): number {
  return db.select({ revision: configRevision.revision }).from(configRevision).where(eq(configRevision.id, 1)).get()?.revision ?? 0;
}

/**
 * Reads the rows this gateway serves, in one read transaction so they are consistent.
 * The managed gateway serves every API; another gateway the APIs assigned to it.
 */
export function readConfigRows(db: Db, gatewayId: string): ConfigRows {
  return db.transaction((tx) => {
    const revision = readRevision(tx as unknown as Db);
    const apiRows =
      gatewayId === MANAGED_GATEWAY_ID
        ? tx.select().from(apis).all()
        : tx
            .select({ api: apis })
            .from(gatewayApis)
            .innerJoin(apis, eq(apis.id, gatewayApis.apiId))
            .where(eq(gatewayApis.gatewayId, gatewayId))
            .all()
            .map((r) => r.api);
    const emails = new Map(tx.select({ id: users.id, email: users.email }).from(users).all().map((u) => [u.id, u.email]));
    return {
      revision,
      apis: apiRows.map(toConfigApiRow),
      productApis: tx.select({ productId: productApis.productId, apiId: productApis.apiId }).from(productApis).all(),
      products: tx.select({ id: products.id, displayName: products.displayName }).from(products).all(),
      policies: tx.select({ scope: policies.scope, scopeId: policies.scopeId, value: policies.value }).from(policies).all(),
      subscriptions: tx
        .select()
        .from(subscriptions)
        .all()
        .map((row) => ({
          id: row.id,
          displayName: row.displayName,
          scope: row.scope,
          state: row.state,
          ownerId: row.ownerId,
          ownerEmail: row.ownerId ? (emails.get(row.ownerId) ?? null) : null,
          primaryKeyHash: row.primaryKeyHash,
          secondaryKeyHash: row.secondaryKeyHash,
        })),
    };
  });
}

/** An `apis` row as the configuration carries it (the embedded source and the portal's gateway API alike). */
export function toConfigApiRow(row: typeof apis.$inferSelect): ConfigApiRow {
  return {
    id: row.id,
    displayName: row.displayName,
    path: row.path,
    serviceUrl: row.serviceUrl,
    protocols: row.protocols,
    subscriptionRequired: row.subscriptionRequired,
    subscriptionKeyHeaderName: row.subscriptionKeyHeaderName,
    subscriptionKeyQueryName: row.subscriptionKeyQueryName,
  };
}
