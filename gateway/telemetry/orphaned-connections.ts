import type { Db } from "../../db/client";

/** Close code logged for connections whose end this gateway never saw (abnormal closure). */
const CLOSE_ABNORMAL = 1006;
const REASON = "gateway restarted before the connection's close was recorded";

/**
 * Marks this gateway's accepted connections that have no close as closed: run at start,
 * before the first handshake, they can only be left from a previous run that died. Without
 * this they would show as open in the portal's live view for ever. Uses the partial index of
 * open connections.
 */
export function closeOrphanedConnections(db: Db, gatewayId: string, now = Date.now()): number {
  return db.$client
    .prepare(
      `UPDATE gateway_logs SET closed_at = @now, duration_ms = @now - time, close_code = ${CLOSE_ABNORMAL}, close_reason = @reason
       WHERE gateway_id = @gatewayId AND response_code = 101 AND closed_at IS NULL`,
    )
    .run({ now, reason: REASON, gatewayId }).changes;
}
