import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { TLSSocket } from "node:tls";
import { runSteps } from "../policies/pipeline";
import type { Decision, PolicyContext, Refusal } from "../policies/policy";
import { HandshakeRecord } from "../telemetry/handshake-record";
import { NO_API } from "../telemetry/metrics";
import { abortHandshake } from "./abort-handshake";
import { splitUrl, takeTraceParameter, withoutQueryParameter } from "./backend-request";
import { checkSubscription } from "./check-subscription";
import { type BackendRoute, connectAndPair } from "./connect-and-pair";
import { createPolicyContext } from "./create-policy-context";
import type { HandshakeContext } from "./handshake-context";
import { PendingHandshake } from "./pending-handshake";
import { validateUpgrade } from "./validate-upgrade";

const OPERATION_ID = "onHandshake";

/** The gateway's `upgrade` handler: route, check, connect the backend, pair the sockets. */
export function createUpgradeHandler(gateway: HandshakeContext) {
  return (req: IncomingMessage, socket: Socket, head: Buffer): void => handleUpgrade(gateway, req, socket, head);
}

function handleUpgrade(gateway: HandshakeContext, req: IncomingMessage, socket: Socket, head: Buffer): void {
  const started = performance.now();
  socket.on("error", noop);
  const secure = socket instanceof TLSSocket;
  const callerIp = callerAddress(socket);
  const { pathname, query: clientQuery } = splitUrl(req.url ?? "/");
  // A test console's trace tag is the gateway's own: policies, the backend and the logged URL never see it.
  const trace = takeTraceParameter(clientQuery);
  const query = trace ? trace.query : clientQuery;
  if (!gateway.config.isLoaded) return abortHandshake(socket, 503, "The gateway has no configuration yet. Try again later.");
  const snapshot = gateway.config.current;
  const route = snapshot.router.match(pathname);
  const record = new HandshakeRecord(
    gateway.gatewayId,
    callerIp,
    req.method ?? "GET",
    route ? pathname + (query ? `?${withoutQueryParameter(query, route.api.keyQuery, true)}` : "") : pathname,
  );
  if (trace) record.traceId = trace.traceId;
  const totals = gateway.metrics.forApi(route ? route.api.id : NO_API);
  const handshake = new PendingHandshake(gateway, req, socket, head, record, totals, started);

  if (gateway.isDraining()) return handshake.refuse(503, "GatewayDraining", "The gateway is shutting down.", "gateway");
  if (route === null) return handshake.refuse(404, "ApiNotFound", "Resource not found", "gateway");
  const { api, rest } = route;
  record.apiId = api.id;
  record.operationId = OPERATION_ID;
  record.productId = api.productIds.length === 1 ? api.productIds[0]! : null;

  const problem = validateUpgrade(req);
  if (problem) return handshake.refuse(problem.status, "InvalidHandshake", problem.message, "gateway", problem.headers);
  if (!api.protocols.has(secure ? "wss" : "ws"))
    return handshake.refuse(400, "ProtocolNotAllowed", `This API does not accept ${secure ? "wss" : "ws"} connections.`, "gateway");
  if (gateway.tunnels.size + gateway.pending.count >= gateway.limits.maxConnections)
    return handshake.refuse(503, "TooManyConnections", "The gateway has reached its connection limit. Try again later.", "gateway");

  const access = checkSubscription(req, api, query, snapshot);
  if (!access.ok) return handshake.refuse(access.status, access.reason, access.message, "subscription");
  if (access.subscription) {
    record.subscriptionId = access.subscription.id;
    record.userId = access.subscription.ownerId;
    if (access.productId) record.productId = access.productId;
  }

  const backendRoute: BackendRoute = { api, rest, query, callerIp, secure };
  // The product whose policies apply is the one the caller's subscription came through (APIM).
  const pipeline = api.pipelines.get(access.productId ?? "") ?? [];
  if (pipeline.length === 0) return connectAndPair(handshake, backendRoute, null);
  const policyContext = createPolicyContext(req, {
    api,
    pathname,
    query,
    callerIp,
    secure,
    subscription: access.subscription,
    key: access.key,
    snapshot,
    services: gateway.policyServices,
  });
  let decision: Decision | Promise<Decision>;
  try {
    decision = runSteps(pipeline, policyContext);
  } catch (error) {
    return handshake.refuseWith(policyFailure(error));
  }
  if (!(decision instanceof Promise)) return decide(handshake, backendRoute, policyContext, decision);
  // A policy is waiting (signing keys being fetched): the connection counts as pending meanwhile.
  gateway.pending.count++;
  decision.then(
    (d) => {
      gateway.pending.count--;
      if (socket.destroyed) return handshake.clientClosed();
      decide(handshake, backendRoute, policyContext, d);
    },
    (error: unknown) => {
      gateway.pending.count--;
      handshake.refuseWith(policyFailure(error));
    },
  );
}

/** Goes on to the backend when the policies allowed the handshake, or answers their refusal. */
function decide(handshake: PendingHandshake, route: BackendRoute, policyContext: PolicyContext, decision: Decision): void {
  if (decision.ok) return connectAndPair(handshake, route, policyContext);
  handshake.refuseWith(decision);
}

/** Strips "::ffff:" from IPv4-mapped addresses so logs and policies see plain IPv4. */
function callerAddress(socket: Socket): string {
  const address = socket.remoteAddress ?? "";
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/** A policy that threw is a bug, not a decision: 500, and the log says which error. */
function policyFailure(error: unknown): Refusal {
  return { ok: false, status: 500, reason: "PolicyError", message: "Internal server error", source: `policy: ${String(error)}`.slice(0, 500) };
}

function noop(): void {}
