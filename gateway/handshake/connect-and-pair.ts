import type { RoutedApi } from "../config/snapshot";
import type { PolicyContext } from "../policies/policy";
import type { HandshakeRecord } from "../telemetry/handshake-record";
import type { ApiTotals } from "../telemetry/metrics";
import { createTunnel } from "../tunnel/relay";
import type { RelayedConnection } from "../tunnel/relay-types";
import { applyHeaderEdits, backendHeaders, backendUrl, clientResponseHead } from "./backend-request";
import { connectBackend } from "./connect-backend";
import type { HandshakeContext } from "./handshake-context";
import type { PendingHandshake } from "./pending-handshake";
import type { RequestHeaders, RequestQuery } from "./policy-request";

/** Where an accepted handshake goes: the routed API, the rest of its path and the caller's query. */
export interface BackendRoute {
  api: RoutedApi;
  rest: string;
  query: string;
  callerIp: string;
  secure: boolean;
}

/**
 * Opens the backend's WebSocket for a handshake every check accepted and pairs the two sockets
 * in a Tunnel, or refuses (bad path, backend down, refused or slow). `policyContext` carries the
 * policies' edits to the URL and headers; null when the API has no policies.
 */
export function connectAndPair(handshake: PendingHandshake, route: BackendRoute, policyContext: PolicyContext | null): void {
  const { gateway, req, socket, record } = handshake;
  const { api, callerIp, secure } = route;
  const base = policyContext?.backendServiceUrl ? new URL(policyContext.backendServiceUrl) : api.serviceUrl;
  const edited = policyContext ? (policyContext.request.url.query as RequestQuery).serialize() : null;
  const target = backendUrl(api, route.rest, edited ?? route.query, base);
  if (target === null) return handshake.refuse(400, "InvalidPath", "The request path leaves the API's path.", "gateway");
  record.backendUrl = target.href;
  let headers = backendHeaders(req, target, api, callerIp, secure);
  if (policyContext) headers = applyHeaderEdits(headers, (policyContext.request.headers as RequestHeaders).edits);
  const clientKey = req.headers["sec-websocket-key"]!.trim();
  const backendStarted = performance.now();
  const attempt = connectBackend(target, headers, clientKey, { timeoutMs: gateway.limits.backendTimeoutMs, ca: gateway.backendCa });
  gateway.pending.count++;
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
    gateway.pending.count--;
    socket.removeListener("close", onClientGone);
    socket.removeListener("end", onClientGone);
    record.backendTime = Math.round(performance.now() - backendStarted);
    if (clientGone) {
      if (outcome.kind === "upgraded") outcome.socket.destroy();
      socket.destroy();
      return handshake.clientClosed();
    }
    switch (outcome.kind) {
      case "timeout":
        return handshake.refuse(504, "BackendTimeout", "Backend did not answer the WebSocket handshake in time.", "backend");
      case "failed":
        return handshake.refuse(502, "BackendConnectionFailed", outcome.message, "backend");
      case "refused":
        record.backendResponseCode = outcome.statusCode;
        return handshake.refuse(502, "BackendRefused", outcome.message, "backend");
      case "upgraded":
        break;
    }
    record.backendResponseCode = 101;
    record.responseCode = 101;
    socket.write(clientResponseHead(outcome.rawHeaders, policyContext?.responseHeaders));
    const totals = handshake.totals;
    totals.active++;
    // Built outside this scope: a closure made here would keep every handshake object
    // (ClientRequest, its Agent and response, headers, timers) alive as long as the tunnel.
    const tunnel = createTunnel(
      socket,
      outcome.socket,
      totals,
      { closeTimeoutMs: gateway.limits.closeTimeoutMs, limits: policyContext ? policyContext.limits : null, sweep: gateway.sweep },
      tunnelEnded(gateway, totals, record),
    );
    tunnel.logRow = record;
    gateway.tunnels.add(tunnel);
    handshake.finish();
    tunnel.start(handshake.head, outcome.head);
  });
}

/** The tunnel's end callback: it captures only what the close log needs. */
function tunnelEnded(gateway: HandshakeContext, totals: ApiTotals, record: HandshakeRecord): (t: RelayedConnection) => void {
  return (t) => {
    gateway.tunnels.delete(t);
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
    gateway.telemetry.pushLog(record);
  };
}
