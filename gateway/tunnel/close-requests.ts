import type { Db } from "../../db/client";
import { log } from "../log";
import type { Tunnel } from "./tunnel";

/** Close code of a connection an administrator closed (policy violation, RFC 6455 §7.4.1). */
export const CLOSE_REQUESTED_CODE = 1008;

interface PendingRequest {
  id: string;
  log_id: string;
  reason: string;
}

/**
 * Closes the connections administrators ask to close. The portal writes a row in
 * `connection_close_requests` (it has no network path to the gateways, which share the
 * database); each gateway polls its own pending rows (an indexed lookup that finds none almost
 * always), closes the tunnel whose log row is named with 1008 and the reason, at frame
 * boundaries, and marks the request done, `notFound` when that connection is not open here.
 */
export class CloseRequestPoller {
  private timer: NodeJS.Timeout | null = null;
  private readonly pending;
  private readonly markDone;

  constructor(
    private readonly db: Db,
    private readonly gatewayId: string,
    private readonly tunnels: ReadonlySet<Tunnel>,
  ) {
    this.pending = db.$client.prepare<[string], PendingRequest>(
      "SELECT id, log_id, reason FROM connection_close_requests WHERE gateway_id = ? AND done_at IS NULL ORDER BY requested_at LIMIT 100",
    );
    this.markDone = db.$client.prepare("UPDATE connection_close_requests SET done_at = ?, outcome = ? WHERE id = ?");
  }

  start(pollMs: number): void {
    this.timer = setInterval(() => this.poll(), pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Handles the pending requests; returns how many connections it closed. */
  poll(): number {
    let requests: PendingRequest[];
    try {
      requests = this.pending.all(this.gatewayId);
    } catch (error) {
      log.warn("close requests unreadable", { error: String(error) });
      return 0;
    }
    if (requests.length === 0) return 0;
    // Requests are rare: one pass over the open tunnels finds them all.
    const wanted = new Map(requests.map((r) => [r.log_id, r]));
    const found = new Map<string, Tunnel>();
    for (const tunnel of this.tunnels) if (tunnel.logId !== null && wanted.has(tunnel.logId)) found.set(tunnel.logId, tunnel);
    let closed = 0;
    const now = Date.now();
    for (const request of requests) {
      const tunnel = found.get(request.log_id);
      const open = tunnel !== undefined && !tunnel.isEnded && tunnel.closedBy === null;
      if (open) {
        tunnel.close(CLOSE_REQUESTED_CODE, request.reason);
        closed++;
      }
      try {
        this.markDone.run(now, open ? "closed" : "notFound", request.id);
      } catch (error) {
        log.warn("close request not marked done", { id: request.id, error: String(error) });
      }
      log.info("close request", { id: request.id, connection: request.log_id, outcome: open ? "closed" : "notFound" });
    }
    return closed;
  }
}
