import type { ApiProtocol } from "../../db/schema/apis";
import type { Step } from "../policies/policy";

/** An API as the gateway serves it: parsed once per configuration load. */
export interface RoutedApi {
  id: string;
  name: string;
  /** Lower-cased URL suffix, no leading or trailing slash. */
  path: string;
  serviceUrl: URL;
  protocols: ReadonlySet<ApiProtocol>;
  subscriptionRequired: boolean;
  /** Lower-cased header name carrying the subscription key. */
  keyHeader: string;
  keyQuery: string;
  productIds: readonly string[];
  /**
   * The onHandshake inbound steps, composed once per load: by product id (the product the
   * caller's subscription came through), "" when no product applies.
   */
  pipelines: ReadonlyMap<string, readonly Step[]>;
}

/** Longest-prefix routing on whole path segments. */
export class ApiRouter {
  private readonly byPath = new Map<string, RoutedApi>();

  constructor(apis: Iterable<RoutedApi>) {
    for (const api of apis) this.byPath.set(api.path, api);
  }

  get size(): number {
    return this.byPath.size;
  }

  /**
   * Finds the API whose path is the longest segment-aligned prefix of `pathname`
   * (which starts with "/" and has no query). `rest` is what follows the API path.
   */
  match(pathname: string): { api: RoutedApi; rest: string } | null {
    let candidate = pathname.slice(1).toLowerCase();
    while (true) {
      const api = this.byPath.get(candidate);
      if (api !== undefined) return { api, rest: pathname.slice(1 + candidate.length) };
      const cut = candidate.lastIndexOf("/");
      if (cut < 0) return null;
      candidate = candidate.slice(0, cut);
    }
  }
}

/** A subscription as the gateway checks it; found by the HMAC of either key. */
export interface SubscriptionEntry {
  id: string;
  name: string;
  /** `/apis`, `/apis/{apiId}` or `/products/{productId}`. */
  scope: string;
  state: string;
  ownerId: string | null;
  ownerEmail: string | null;
  /** Product id when the scope is a product (precomputed for the handshake). */
  productId: string | null;
  /** API id when the scope is one API. */
  apiId: string | null;
}

/** Everything a handshake needs to know, swapped whole on reload. */
export interface ConfigSnapshot {
  revision: number;
  router: ApiRouter;
  /** Subscriptions by key HMAC (hex), both keys of each. */
  subscriptionsByKeyHash: ReadonlyMap<string, SubscriptionEntry>;
  productNames: ReadonlyMap<string, string>;
  /** Policy documents that failed to compile (their APIs refuse handshakes with 500). */
  policyProblems: readonly string[];
  /** The HMAC key subscription keys are hashed with (from the configuration source, per gateway). */
  keyHashKey: Buffer;
  loadedAt: number;
}
