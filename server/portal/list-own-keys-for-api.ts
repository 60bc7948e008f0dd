import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { productApis, subscriptions } from "@/db/schema/index";
import type { Principal } from "@/server/auth/authenticate-api-token";
import type { KeySecrets } from "@/server/subscriptions/instance-secrets";
import { listSubscriptionSecrets } from "@/server/subscriptions/list-subscription-secrets";
import type { SubscriptionRow } from "@/server/subscriptions/to-subscription-contract";

/** A key the signed-in user may connect to an API with, as code samples and the console offer it. */
export interface OwnApiKey {
  subscriptionId: string;
  /** The subscription's display name. */
  label: string;
  primaryKey: string;
  secondaryKey: string;
}

/** The scopes whose subscriptions unlock `apiId`: every API, the API itself, any product holding it. */
export function scopesCoveringApi(db: Pick<Db, "select">, apiId: string): string[] {
  const productIds = db.select({ id: productApis.productId }).from(productApis).where(eq(productApis.apiId, apiId)).all();
  return ["/apis", `/apis/${apiId}`, ...productIds.map((row) => `/products/${row.id}`)];
}

/**
 * The signed-in user's own subscriptions that cover `apiId`: the active ones with their keys
 * (read on the user's behalf to fill in their page, so not audited: only a person revealing a
 * key is), and those still waiting for approval.
 */
export function listOwnKeysForApi(
  db: Db,
  secrets: KeySecrets,
  principal: Pick<Principal, "role" | "userId">,
  apiId: string,
): { keys: OwnApiKey[]; pending: SubscriptionRow[] } {
  if (principal.userId === null) return { keys: [], pending: [] };
  const covering = db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.ownerId, principal.userId), inArray(subscriptions.scope, scopesCoveringApi(db, apiId))))
    .orderBy(asc(subscriptions.createdAt), asc(subscriptions.id))
    .all();
  const keys = covering
    .filter((row) => row.state === "active")
    .map((row) => ({ subscriptionId: row.id, label: row.displayName, ...listSubscriptionSecrets(db, secrets, row.id, principal, { audit: false }) }));
  return { keys, pending: covering.filter((row) => row.state === "submitted") };
}
