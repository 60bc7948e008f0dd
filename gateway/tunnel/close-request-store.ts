import type Database from "better-sqlite3";
import type { CloseOutcome, CloseRequest } from "../telemetry/telemetry-sink";

/**
 * Close requests in the shared database (database thread only). The portal writes a row in
 * `connection_close_requests`; each gateway reads its own pending rows (an indexed lookup that
 * finds none almost always) and marks each done once its main thread has acted on it.
 */
export class CloseRequestStore {
  private readonly pending;
  private readonly done;

  constructor(reader: Database.Database, writer: Database.Database) {
    this.pending = reader.prepare<[string], { id: string; log_id: string; reason: string }>(
      "SELECT id, log_id, reason FROM connection_close_requests WHERE gateway_id = ? AND done_at IS NULL ORDER BY requested_at LIMIT 100",
    );
    this.done = writer.prepare("UPDATE connection_close_requests SET done_at = ?, outcome = ? WHERE id = ?");
  }

  /** This gateway's pending requests, oldest first (at most 100). */
  pendingFor(gatewayId: string): CloseRequest[] {
    return this.pending.all(gatewayId).map((r) => ({ id: r.id, logId: r.log_id, reason: r.reason }));
  }

  /** Marks one handled; throws when the database is busy (the caller retries). */
  markDone(id: string, outcome: CloseOutcome, at: number): void {
    this.done.run(at, outcome, id);
  }
}
