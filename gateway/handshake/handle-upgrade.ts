import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { TLSSocket } from "node:tls";
import type { ConfigStore } from "../config/config-store";
import type { GatewayMetrics } from "../telemetry/metrics";
import { NO_API } from "../telemetry/metrics";
import { HandshakeRecord } from "../telemetry/handshake-record";
import type { TelemetrySink } from "../telemetry/telemetry-sink";
import { createTunnel } from "../tunnel/relay";
import type { RelayedConnection } from "../tunnel/relay-types";
import { runSteps } from "../policies/pipeline";
import type { Decision, PolicyContext, PolicyServices, Refusal } from "../policies/policy";
import { abortHandshake } from "./abort-handshake";
import { applyHeaderEdits, backendHeaders, backendUrl, clientResponseHead, splitUrl, takeTraceParameter, withoutQueryParameter } from "./backend-request";
import { checkSubscription } from "./check-subscription";
import { connectBackend } from "./connect-backend";
import { createPolicyContext } from "./create-policy-context";
import type { RequestHeaders, RequestQuery } from "./policy-request";
import { validateUpgrade } from "./validate-upgrade";

export const OPERATION_ID = "onHandshake";

/** What the upgrade handler needs from the running gateway. */
export interface HandshakeContext {
  gatewayId: string;
  config: ConfigStore;
  metrics: GatewayMetrics;
  /** Where log rows go: queued, never waited on. */
  telemetry: Pick<TelemetrySink, "pushLog">;
  tunnels: Set<RelayedConnection>;
  limits: { maxConnections: number; backendTimeoutMs: number; closeTimeoutMs: number };
  backendCa?: string[];
  /** Connections between request and decision, counted against maxConnections. */
  pending: { count: number };
  isDraining: () => boolean;
  /** Clock, counters and signing keys the policies use. */
  policyServices: PolicyServices;
}

/** Strips "::ffff:" from IPv4-mapped addresses so logs and policies see plain IPv4. */
export function callerAddress(socket: Socket): string {
  const address = socket.remoteAddress ?? "";
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/** The gateway's `upgrade` handler: route, check, connect the backend, pair the sockets. */
export function createUpgradeHandler(ctx: HandshakeContext) {
  return function handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const started = performance.now();
    socket.on("error", noop);
    const secure = socket instanceof TLSSocket;
    const callerIp = callerAddress(socket);
    const { pathname, query: clientQuery } = splitUrl(req.url ?? "/");
    // A test console's trace tag is the gateway's own: policies, the backend and the logged URL never see it.
    const trace = takeTraceParameter(clientQuery);
    const query = trace ? trace.query : clientQuery;
    if (!ctx.config.isLoaded) return abortHandshake(socket, 503, "The gateway has no configuration yet. Try again later.");
    const snapshot = ctx.config.current;
    const route = snapshot.router.match(pathname);
    const record = new HandshakeRecord(
      ctx.gatewayId,
      callerIp,
      req.method ?? "GET",
      route ? pathname + (query ? `?${withoutQueryParameter(query, route.api.keyQuery, true)}` : "") : pathname,
    );
    if (trace) record.traceId = trace.traceId;
    const totals = ctx.metrics.forApi(route ? route.api.id : NO_API);

    const refuse = (status: number, reason: string, message: string, source: string, headers?: Record<string, string>) => {
      record.fail(status, reason, message, source);
      finish();
      abortHandshake(socket, status, message, headers);
    };
    const finish = () => {
      record.totalTime = Math.round(performance.now() - started);
      ctx.metrics.attempt(totals, record.responseCode, (performance.now() - started) / 1000);
      ctx.telemetry.pushLog(record);
    };

    if (ctx.isDraining()) return refuse(503, "GatewayDraining", "The gateway is shutting down.", "gateway");
    if (route === null) return refuse(404, "ApiNotFound", "Resource not found", "gateway");
    const { api, rest } = route;
    record.apiId = api.id;
    record.operationId = OPERATION_ID;
    record.productId = api.productIds.length === 1 ? api.productIds[0]! : null;

    const problem = validateUpgrade(req);
    if (problem) return refuse(problem.status, "InvalidHandshake", problem.message, "gateway", problem.headers);
    if (!api.protocols.has(secure ? "wss" : "ws"))
      return refuse(400, "ProtocolNotAllowed", `This API does not accept ${secure ? "wss" : "ws"} connections.`, "gateway");
    if (ctx.tunnels.size + ctx.pending.count >= ctx.limits.maxConnections)
      return refuse(503, "TooManyConnections", "The gateway has reached its connection limit. Try again later.", "gateway");

    const access = checkSubscription(req, api, query, snapshot);
    if (!access.ok) return refuse(access.status, access.reason, access.message, "subscription");
    if (access.subscription) {
      record.subscriptionId = access.subscription.id;
      record.userId = access.subscription.ownerId;
      if (access.productId) record.productId = access.productId;
    }

    // The product whose policies apply is the one the caller's subscription came through (APIM).
    const pipeline = api.pipelines.get(access.productId ?? "") ?? [];
    const connect = (policy: PolicyContext | null) => {
      const base = policy?.backendServiceUrl ? new URL(policy.backendServiceUrl) : api.serviceUrl;
      const edited = policy ? (policy.request.url.query as RequestQuery).serialize() : null;
      const target = backendUrl(api, rest, edited ?? query, base);
      if (target === null) return refuse(400, "InvalidPath", "The request path leaves the API's path.", "gateway");
      record.backendUrl = target.href;
      let headers = backendHeaders(req, target, api, callerIp, secure);
      if (policy) headers = applyHeaderEdits(headers, (policy.request.headers as RequestHeaders).edits);
      const clientKey = req.headers["sec-websocket-key"]!.trim();
      const backendStarted = performance.now();
      const attempt = connectBackend(target, headers, clientKey, { timeoutMs: ctx.limits.backendTimeoutMs, ca: ctx.backendCa });
      ctx.pending.count++;
      let clientGone = false;
      const onClientGone = () => {
        clientGone = true;
        attempt.cancel();
      };
      // The server's sockets allow half-open connections, so a client that sends its request and
      // leaves only ends its side ('end', no 'close'); that end is emitted once, before any tunnel
      // listens, and would leave the tunnel open forever. Either event means the client is gone.
      socket.once("close", onClientGone);
      socket.once("end", onClientGone);

      attempt.outcome.then((outcome) => {
        ctx.pending.count--;
        socket.removeListener("close", onClientGone);
        socket.removeListener("end", onClientGone);
        record.backendTime = Math.round(performance.now() - backendStarted);
        if (clientGone) {
          if (outcome.kind === "upgraded") outcome.socket.destroy();
          socket.destroy();
          record.fail(499, "ClientClosed", "The client closed the connection during the handshake.", "client");
          finish();
          return;
        }
        switch (outcome.kind) {
          case "timeout":
            return refuse(504, "BackendTimeout", "Backend did not answer the WebSocket handshake in time.", "backend");
          case "failed":
            return refuse(502, "BackendConnectionFailed", outcome.message, "backend");
          case "refused":
            record.backendResponseCode = outcome.statusCode;
            return refuse(502, "BackendRefused", outcome.message, "backend");
          case "upgraded":
            break;
        }
        record.backendResponseCode = 101;
        record.responseCode = 101;
        socket.write(clientResponseHead(outcome.rawHeaders, policy?.responseHeaders));
        totals.active++;
        // Built outside this scope: a closure made here would keep every handshake object
        // (ClientRequest, its Agent and response, headers, timers) alive as long as the tunnel.
        const tunnel = createTunnel(
          socket,
          outcome.socket,
          totals,
          { closeTimeoutMs: ctx.limits.closeTimeoutMs, limits: policy ? policy.limits : null },
          tunnelEnded(ctx, totals, record),
        );
        tunnel.logId = record.id;
        ctx.tunnels.add(tunnel);
        finish();
        tunnel.start(head, outcome.head);
      });
    };

    if (pipeline.length === 0) return connect(null);
    const policy = createPolicyContext(req, { api, pathname, query, callerIp, secure, subscription: access.subscription, key: access.key, snapshot, services: ctx.policyServices });
    const decide = (decision: Decision) => {
      if (decision.ok) return connect(policy);
      refusePolicy(decision);
    };
    const refusePolicy = (refusal: Refusal) => {
      record.fail(refusal.status, refusal.reason, refusal.message, refusal.source);
      finish();
      abortHandshake(socket, refusal.status, refusal.message, refusal.headers, refusal.body, refusal.statusText);
    };
    let decision: Decision | Promise<Decision>;
    try {
      decision = runSteps(pipeline, policy);
    } catch (error) {
      return refusePolicy(policyFailure(error));
    }
    if (!(decision instanceof Promise)) return decide(decision);
    // A policy is waiting (signing keys being fetched): the connection counts as pending meanwhile.
    ctx.pending.count++;
    decision.then(
      (d) => {
        ctx.pending.count--;
        if (socket.destroyed) {
          record.fail(499, "ClientClosed", "The client closed the connection during the handshake.", "client");
          return finish();
        }
        decide(d);
      },
      (error: unknown) => {
        ctx.pending.count--;
        refusePolicy(policyFailure(error));
      },
    );
  };
}

/** A policy that threw is a bug, not a decision: 500, and the log says which error. */
function policyFailure(error: unknown): Refusal {
  return { ok: false, status: 500, reason: "PolicyError", message: "Internal server error", source: `policy: ${String(error)}`.slice(0, 500) };
}

function noop(): void {}

/** The tunnel's end callback: it captures only what the close log needs. */
function tunnelEnded(ctx: HandshakeContext, totals: { active: number }, record: HandshakeRecord): (t: RelayedConnection) => void {
  return (t) => {
    ctx.tunnels.delete(t);
    totals.active--;
    record.closedAt = t.endedAt;
    record.durationMs = t.endedAt - t.startedAt;
    record.closeCode = t.closeCode;
    record.closeReason = t.closeReason;
    record.closedBy = t.closedBy;
    record.messagesInbound = t.messagesInbound;
    record.messagesOutbound = t.messagesOutbound;
    record.bytesInbound = t.bytesInbound;
    record.bytesOutbound = t.bytesOutbound;
    ctx.telemetry.pushLog(record);
  };
}
