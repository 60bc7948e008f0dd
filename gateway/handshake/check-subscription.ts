import type { IncomingMessage } from "node:http";
import { hashSubscriptionKey } from "../../db/subscription-keys";
import type { ConfigSnapshot, RoutedApi, SubscriptionEntry } from "../config/snapshot";

/** APIM's messages, word for word: clients match on them. */
const MISSING_KEY_MESSAGE =
  "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.";
const INVALID_KEY_MESSAGE =
  "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.";

export type SubscriptionDecision =
  | { ok: true; subscription: SubscriptionEntry | null; productId: string | null; key: string | null }
  | { ok: false; status: 401; reason: string; message: string };

/** The subscription key from the API's header or query parameter (header first). */
function findSubscriptionKey(req: IncomingMessage, api: RoutedApi, query: string): string | null {
  const header = req.headers[api.keyHeader];
  if (typeof header === "string" && header !== "") return header;
  if (query === "") return null;
  const lower = api.keyQuery.toLowerCase();
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    try {
      if (decodeURIComponent(pair.slice(0, eq).replace(/\+/g, " ")).toLowerCase() === lower)
        return decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, " "));
    } catch {
      // a malformed escape is not a key
    }
  }
  return null;
}

/** Whether a subscription's scope covers the API. */
function scopeCovers(subscription: SubscriptionEntry, api: RoutedApi): boolean {
  if (subscription.scope === "/apis") return true;
  if (subscription.apiId !== null) return subscription.apiId === api.id;
  if (subscription.productId !== null) return api.productIds.includes(subscription.productId);
  return false;
}

/**
 * DESIGN.md §4: missing key 401; unknown, inactive or out-of-scope key 401. An API that
 * requires no subscription still attributes a valid key it is given.
 */
export function checkSubscription(
  req: IncomingMessage,
  api: RoutedApi,
  query: string,
  snapshot: ConfigSnapshot,
): SubscriptionDecision {
  const key = findSubscriptionKey(req, api, query);
  if (key === null) {
    return api.subscriptionRequired
      ? { ok: false, status: 401, reason: "SubscriptionKeyNotFound", message: MISSING_KEY_MESSAGE }
      : { ok: true, subscription: null, productId: null, key: null };
  }
  const subscription = snapshot.subscriptionsByKeyHash.get(hashSubscriptionKey(key, snapshot.keyHashKey));
  const valid = subscription !== undefined && subscription.state === "active" && scopeCovers(subscription, api);
  if (!valid) {
    return api.subscriptionRequired
      ? { ok: false, status: 401, reason: "SubscriptionKeyInvalid", message: INVALID_KEY_MESSAGE }
      : { ok: true, subscription: null, productId: null, key: null };
  }
  return { ok: true, subscription, productId: subscription.productId, key };
}
