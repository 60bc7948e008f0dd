import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db, DbExecutor } from "@/db/client";
import { connectionCloseRequests, gatewayLogs } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { ConflictError, NotFoundError } from "@/server/http/errors";
import type { CloseRequestContract } from "./connection.schemas";

/**
 * Asks the connection's gateway to close it with 1008 and `reason`: writes a close request
 * the gateway picks up at its next poll (within its config poll interval). 404 for an unknown
 * connection, 409 for one that is not open (refused, or already closed).
 */
export function requestConnectionClose(db: Db, connectionId: string, reason: string, requestedBy: string, now = new Date()): CloseRequestContract {
  return db.transaction((tx) => {
    const row = tx.select({ id: gatewayLogs.id, gatewayId: gatewayLogs.gatewayId, responseCode: gatewayLogs.responseCode, closedAt: gatewayLogs.closedAt })
      .from(gatewayLogs)
      .where(eq(gatewayLogs.id, connectionId))
      .get();
    if (!row) throw new NotFoundError(`Connection '${connectionId}' not found.`);
    if (row.responseCode !== 101) throw new ConflictError(`Connection '${connectionId}' was never open: its handshake was answered ${row.responseCode}.`);
    if (row.closedAt) throw new ConflictError(`Connection '${connectionId}' is already closed.`);
    return fileCloseRequest(tx, { id: row.id, gatewayId: row.gatewayId }, { reason, requestedBy, requestedAt: now });
  });
}

/** Writes one close request for an open connection's gateway to pick up, and its audit entry. */
export function fileCloseRequest(
  tx: DbExecutor,
  connection: { id: string; gatewayId: string },
  request: { reason: string; requestedBy: string; requestedAt: Date },
): CloseRequestContract {
  const row = { id: randomUUID(), logId: connection.id, gatewayId: connection.gatewayId, ...request };
  tx.insert(connectionCloseRequests).values(row).run();
  const contract: CloseRequestContract = {
    id: row.id,
    connectionId: connection.id,
    gatewayId: connection.gatewayId,
    reason: request.reason,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt.toISOString(),
    state: "pending",
  };
  recordAudit(tx, { action: "close", resource: `/connections/${connection.id}`, after: contract });
  return contract;
}
