import type { ApiProtocol } from "../../db/schema/apis";
import type { PolicyScope } from "../../db/schema/policies";

/**
 * The configuration a gateway serves, as plain JSON-safe rows: what the embedded source reads
 * from SQLite and what a self-hosted gateway receives from the portal (DESIGN §6). One shape
 * for both, so `buildSnapshot` is the only place rows become a routable snapshot.
 */
export interface ConfigRows {
  revision: number;
  apis: ConfigApiRow[];
  productApis: { productId: string; apiId: string }[];
  products: { id: string; displayName: string }[];
  policies: { scope: PolicyScope; scopeId: string; value: string }[];
  subscriptions: ConfigSubscriptionRow[];
}

export interface ConfigApiRow {
  id: string;
  displayName: string;
  path: string;
  serviceUrl: string;
  protocols: ApiProtocol[];
  subscriptionRequired: boolean;
  subscriptionKeyHeaderName: string;
  subscriptionKeyQueryName: string;
}

/** A subscription with its keys only as lookup hashes (HMAC-SHA256, hex). */
export interface ConfigSubscriptionRow {
  id: string;
  displayName: string;
  scope: string;
  state: string;
  ownerId: string | null;
  ownerEmail: string | null;
  primaryKeyHash: string;
  secondaryKeyHash: string;
}
