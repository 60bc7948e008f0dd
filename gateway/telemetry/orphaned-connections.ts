import type Database from "better-sqlite3";
import { CLOSE_ABNORMAL } from "../tunnel/close-codes";

const REASON = "gateway restarted before the connection's close was recorded";

/**
 * Marks this gateway's accepted connections that opened before `before` (this run's start) and
 * have no close as closed: they can only be left from a previous run that died. Without this
 * they would show as open in the portal's live view for ever. Bounded by the start time, so it
 * may run after the first handshakes of this run without touching them. Uses the partial index
 * of open connections.
 */
export function closeOrphanedConnections(sqlite: Database.Database, gatewayId: string, before: number, now = Date.now()): number {
  return sqlite
    .prepare(
      `UPDATE gateway_logs SET closed_at = @now, duration_ms = @now - time, close_code = ${CLOSE_ABNORMAL}, close_reason = @reason
       WHERE gateway_id = @gatewayId AND response_code = 101 AND closed_at IS NULL AND time < @before`,
    )
    .run({ now, reason: REASON, gatewayId, before }).changes;
}
