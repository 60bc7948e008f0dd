import type { IncomingMessage } from "node:http";
import type { ConfigSnapshot, RoutedApi, SubscriptionEntry } from "../config/snapshot";
import type { MessageLimits, PolicyContext, PolicyServices } from "../policies/policy";
import { RequestHeaders, RequestQuery } from "./policy-request";

/** What the handshake already knows when its policies start. */
export interface PolicyRequestFacts {
  api: RoutedApi;
  /** The request's path and query (trace tag removed), as the handshake split them. */
  pathname: string;
  query: string;
  callerIp: string;
  secure: boolean;
  subscription: SubscriptionEntry | null;
  /** The subscription key the caller presented (for context.Subscription.Key). */
  key: string | null;
  snapshot: ConfigSnapshot;
  services: PolicyServices;
}

/** No message limits: what a connection has until a policy sets one. */
function noMessageLimits(): MessageLimits {
  return { maxInboundMessageBytes: 0, maxOutboundMessageBytes: 0, inboundRate: null, outboundRate: null, idleTimeoutMs: 0, maxDurationMs: 0 };
}

/** APIM's `context` for one handshake; built only when the API has policies to run. */
export function createPolicyContext(req: IncomingMessage, facts: PolicyRequestFacts): PolicyContext {
  const { api, subscription } = facts;
  const productId = subscription?.productId ?? null;
  return {
    request: {
      ipAddress: facts.callerIp,
      method: req.method ?? "GET",
      headers: new RequestHeaders(req.rawHeaders),
      url: { scheme: facts.secure ? "wss" : "ws", host: req.headers.host ?? "", path: facts.pathname, query: new RequestQuery(facts.query) },
    },
    api: { id: api.id, path: api.path, name: api.name },
    product: productId === null ? null : { id: productId, name: facts.snapshot.productNames.get(productId) ?? productId },
    subscription: subscription === null ? null : { id: subscription.id, key: facts.key ?? "", name: subscription.name },
    user: subscription?.ownerId ? { id: subscription.ownerId, email: subscription.ownerEmail ?? "" } : null,
    variables: new Map(),
    backendServiceUrl: null,
    responseHeaders: {},
    limits: noMessageLimits(),
    services: facts.services,
  };
}
