import type { CloseOutcome, CloseRequest } from "../telemetry/telemetry-sink";
import type { RelayedConnection } from "./relay-types";

/** Close code of a connection an administrator closed (policy violation, RFC 6455 §7.4.1). */
const CLOSE_REQUESTED_CODE = 1008;

/**
 * Closes the connections administrators asked to close (delivered by the telemetry sink): the
 * tunnel whose log row is named closes with 1008 and the reason, at frame boundaries. Returns
 * each request's outcome, `notFound` when that connection is not open here.
 */
export function closeRequestedConnections(
  requests: readonly CloseRequest[],
  tunnels: Iterable<RelayedConnection>,
): { request: CloseRequest; outcome: CloseOutcome }[] {
  if (requests.length === 0) return [];
  // Requests are rare: one pass over the open tunnels finds them all.
  const wanted = new Set(requests.map((r) => r.logId));
  const found = new Map<string, RelayedConnection>();
  for (const tunnel of tunnels) if (tunnel.logId !== null && wanted.has(tunnel.logId)) found.set(tunnel.logId, tunnel);
  return requests.map((request) => {
    const tunnel = found.get(request.logId);
    const open = tunnel !== undefined && !tunnel.isEnded && tunnel.closedBy === null;
    if (open) tunnel.close(CLOSE_REQUESTED_CODE, request.reason);
    return { request, outcome: open ? "closed" : "notFound" };
  });
}
