import type Database from "better-sqlite3";
import type { Heartbeat } from "./telemetry-sink";

/**
 * Records a heartbeat in the `gateways` row (database thread only). The embedded gateway shares
 * the portal's database, so the time is what the Gateways page needs; host, version and the
 * other fields travel to the portal only from a self-hosted gateway.
 */
export class HeartbeatWriter {
  private readonly beat;

  constructor(sqlite: Database.Database) {
    this.beat = sqlite.prepare("UPDATE gateways SET last_heartbeat_at = ? WHERE id = ?");
  }

  /** Writes it; throws when the database is busy (the caller retries). */
  write(beat: Heartbeat): void {
    this.beat.run(beat.at, beat.gatewayId);
  }
}
