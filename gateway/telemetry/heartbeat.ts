import type { Db } from "../../db/client";
import { log } from "../log";

/**
 * Records every `intervalMs` that the gateway instance is alive (the portal's Gateways page
 * shows it); once per instance, so a cluster's primary beats for all its workers. Returns a stop function.
 */
export function startHeartbeat(db: Db, gatewayId: string, intervalMs: number): () => void {
  const beat = db.$client.prepare("UPDATE gateways SET last_heartbeat_at = ? WHERE id = ?");
  const tick = () => {
    try {
      beat.run(Date.now(), gatewayId);
    } catch (error) {
      log.warn("heartbeat failed", { error: String(error) });
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
