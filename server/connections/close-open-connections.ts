import "server-only";
import { and, eq, isNull, notExists, type SQL } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { connectionCloseRequests, gatewayLogs } from "@/db/schema/index";
import type { Principal } from "@/server/auth/authenticate-api-token";
import { fileCloseRequest } from "./request-connection-close";

/** Who a close request names as asking: the signed-in user, or the API token. */
export function closeRequester(principal: Pick<Principal, "userId" | "tokenId">): string {
  return principal.userId ?? principal.tokenId ?? "unknown";
}

/** A change's `closeConnections` option from its parsed query: who asks, or undefined when the query does not ask. */
export function closeConnectionsAsked(
  query: { closeConnections: "true" | "false" },
  principal: Pick<Principal, "userId" | "tokenId">,
): Omit<BulkCloseRequest, "reason"> | undefined {
  return query.closeConnections === "true" ? { requestedBy: closeRequester(principal) } : undefined;
}

/** Whose open connections to close: an API's, or a subscription's. */
export type OpenConnectionsOf = { apiId: string } | { subscriptionId: string };

/** Who asks, and the Close frame's reason each connection receives with 1008. */
export interface BulkCloseRequest {
  reason: string;
  requestedBy: string;
  now?: Date;
}

/**
 * Asks the gateways to close every open connection of an API or a subscription with 1008 and
 * `reason` (DESIGN.md §3: deleting an API or revoking a subscription closes them "when asked
 * to"), in the caller's transaction so the close requests land with the change itself. One
 * close request per connection, as POST /connections/{id}/close writes it, audited the same
 * way; a connection with a request already pending is left to that one. Open means accepted and
 * its close not recorded, on any gateway, even one whose heartbeat is stale: a self-hosted
 * gateway cut off from the portal picks its requests up when it is back (one that died answers
 * nothing, and its requests expire with the log). Returns how many connections were asked to close.
 *
 * A connection accepted within the gateway's log flush (250 ms by default) has no log row yet
 * and is not found: it lives on until it closes by itself.
 */
export function requestCloseOfOpenConnections(tx: DbExecutor, of: OpenConnectionsOf, request: BulkCloseRequest): number {
  const owner: SQL = "apiId" in of ? eq(gatewayLogs.apiId, of.apiId) : eq(gatewayLogs.subscriptionId, of.subscriptionId);
  const pending = tx
    .select({ id: connectionCloseRequests.id })
    .from(connectionCloseRequests)
    .where(and(eq(connectionCloseRequests.logId, gatewayLogs.id), isNull(connectionCloseRequests.doneAt)));
  const open = tx
    .select({ id: gatewayLogs.id, gatewayId: gatewayLogs.gatewayId })
    .from(gatewayLogs)
    .where(and(eq(gatewayLogs.responseCode, 101), isNull(gatewayLogs.closedAt), owner, notExists(pending)))
    .all();
  const requestedAt = request.now ?? new Date();
  for (const connection of open) fileCloseRequest(tx, connection, { reason: request.reason, requestedBy: request.requestedBy, requestedAt });
  return open.length;
}
