import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apis, configRevision, gatewayApis, MANAGED_GATEWAY_ID, productApis, products, subscriptions, users } from "../../db/schema/index";
import { loadPolicies, pipelinesFor } from "./load-policies";
import { ApiRouter, type ConfigSnapshot, type RoutedApi, type SubscriptionEntry } from "./snapshot";

/** Reads the current revision: one row, polled often. */
export function readRevision(db: Db): number {
  return db.select({ revision: configRevision.revision }).from(configRevision).where(eq(configRevision.id, 1)).get()?.revision ?? 0;
}

/**
 * Loads the configuration this gateway serves, in one read transaction so the snapshot
 * is consistent. The managed gateway serves every API; another gateway the APIs assigned to it.
 */
export function loadSnapshot(db: Db, gatewayId: string): ConfigSnapshot {
  return db.transaction((tx) => {
    const revision = readRevision(tx as unknown as Db);
    const rows =
      gatewayId === MANAGED_GATEWAY_ID
        ? tx.select().from(apis).all()
        : tx
            .select({ api: apis })
            .from(gatewayApis)
            .innerJoin(apis, eq(apis.id, gatewayApis.apiId))
            .where(eq(gatewayApis.gatewayId, gatewayId))
            .all()
            .map((r) => r.api);
    const productsByApi = new Map<string, string[]>();
    for (const link of tx.select().from(productApis).all()) {
      const list = productsByApi.get(link.apiId);
      if (list) list.push(link.productId);
      else productsByApi.set(link.apiId, [link.productId]);
    }
    const loadedPolicies = loadPolicies(tx as unknown as Db);
    const routed: RoutedApi[] = rows.map((row) => ({
      id: row.id,
      name: row.displayName,
      path: row.path.toLowerCase(),
      serviceUrl: new URL(row.serviceUrl),
      protocols: new Set(row.protocols),
      subscriptionRequired: row.subscriptionRequired,
      keyHeader: row.subscriptionKeyHeaderName.toLowerCase(),
      keyQuery: row.subscriptionKeyQueryName,
      productIds: productsByApi.get(row.id) ?? [],
      pipelines: pipelinesFor(row.id, productsByApi.get(row.id) ?? [], loadedPolicies),
    }));
    const emails = new Map(tx.select({ id: users.id, email: users.email }).from(users).all().map((u) => [u.id, u.email]));
    const byKeyHash = new Map<string, SubscriptionEntry>();
    for (const row of tx.select().from(subscriptions).all()) {
      const entry: SubscriptionEntry = {
        id: row.id,
        name: row.displayName,
        scope: row.scope,
        state: row.state,
        ownerId: row.ownerId,
        ownerEmail: row.ownerId ? (emails.get(row.ownerId) ?? null) : null,
        productId: row.scope.startsWith("/products/") ? row.scope.slice("/products/".length) : null,
        apiId: row.scope.startsWith("/apis/") ? row.scope.slice("/apis/".length) : null,
      };
      byKeyHash.set(row.primaryKeyHash, entry);
      byKeyHash.set(row.secondaryKeyHash, entry);
    }
    const productNames = new Map(tx.select({ id: products.id, name: products.displayName }).from(products).all().map((p) => [p.id, p.name]));
    return {
      revision,
      router: new ApiRouter(routed),
      subscriptionsByKeyHash: byKeyHash,
      productNames,
      policyProblems: loadedPolicies.problems,
      loadedAt: Date.now(),
    };
  });
}
