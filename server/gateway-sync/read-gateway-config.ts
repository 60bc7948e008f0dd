import "server-only";
import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apis, gatewayApis, MANAGED_GATEWAY_ID, policies, productApis, products, subscriptions, users } from "@/db/schema/index";
import { decryptSubscriptionKey, hashSubscriptionKey } from "@/db/subscription-keys";
import { readRevision, toConfigApiRow } from "@/gateway/config/load-snapshot";
import type { ConfigResponse } from "@/gateway/remote/protocol";
import type { KeySecrets } from "@/server/subscriptions/instance-secrets";
import { gatewayKeyHashKey } from "./gateway-key-hash-key";

/**
 * `GET /config`: exactly what one gateway serves, read in one transaction so it is consistent —
 * its APIs (every API for the managed gateway, else the assigned ones), the products linked to
 * them and only those links, the global policy and those products' and APIs' policies, the
 * subscriptions scoped to all APIs, one of its APIs or one of those products (keys re-hashed
 * with the gateway's own key-hash key), and only those subscriptions' owners' emails.
 */
export function readGatewayConfig(db: Db, secrets: KeySecrets, gatewayId: string): ConfigResponse {
  const keyHashKey = gatewayKeyHashKey(secrets, gatewayId);
  return db.transaction((tx) => {
    const revision = readRevision(tx as unknown as Db);
    const apiRows =
      gatewayId === MANAGED_GATEWAY_ID
        ? tx.select().from(apis).orderBy(apis.id).all()
        : tx
            .select({ api: apis })
            .from(gatewayApis)
            .innerJoin(apis, eq(apis.id, gatewayApis.apiId))
            .where(eq(gatewayApis.gatewayId, gatewayId))
            .orderBy(apis.id)
            .all()
            .map((r) => r.api);
    const apiIds = apiRows.map((a) => a.id);
    const links = apiIds.length === 0 ? [] : tx.select({ productId: productApis.productId, apiId: productApis.apiId }).from(productApis).where(inArray(productApis.apiId, apiIds)).all();
    const productIds = [...new Set(links.map((l) => l.productId))];
    const productRows =
      productIds.length === 0 ? [] : tx.select({ id: products.id, displayName: products.displayName }).from(products).where(inArray(products.id, productIds)).all();
    const policyRows = tx
      .select({ scope: policies.scope, scopeId: policies.scopeId, value: policies.value })
      .from(policies)
      .where(
        or(
          eq(policies.scope, "global"),
          productIds.length === 0 ? undefined : and(eq(policies.scope, "product"), inArray(policies.scopeId, productIds)),
          apiIds.length === 0 ? undefined : and(eq(policies.scope, "api"), inArray(policies.scopeId, apiIds)),
        ),
      )
      .all();
    const scopes = ["/apis", ...apiIds.map((id) => `/apis/${id}`), ...productIds.map((id) => `/products/${id}`)];
    const subscriptionRows = tx.select().from(subscriptions).where(inArray(subscriptions.scope, scopes)).all();
    const ownerIds = [...new Set(subscriptionRows.flatMap((s) => (s.ownerId ? [s.ownerId] : [])))];
    const emails = new Map(
      ownerIds.length === 0 ? [] : tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, ownerIds)).all().map((u) => [u.id, u.email]),
    );
    const rehash = (sealed: string) => hashSubscriptionKey(decryptSubscriptionKey(sealed, secrets.keyEncryptionKey), keyHashKey);
    return {
      gatewayId,
      revision,
      keyHashKey,
      rows: {
        revision,
        apis: apiRows.map(toConfigApiRow),
        productApis: links,
        products: productRows,
        policies: policyRows,
        subscriptions: subscriptionRows.map((row) => ({
          id: row.id,
          displayName: row.displayName,
          scope: row.scope,
          state: row.state,
          ownerId: row.ownerId,
          ownerEmail: row.ownerId ? (emails.get(row.ownerId) ?? null) : null,
          primaryKeyHash: rehash(row.primaryKeyEncrypted),
          secondaryKeyHash: rehash(row.secondaryKeyEncrypted),
        })),
      },
    };
  });
}
