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

/** A connection an administrator asked to close: its gateway log row's id and the reason. */
export interface CloseRequest {
  logId: string;
  reason: string;
}

/**
 * What a closer did: the log ids it closed, and whether it asked every process that may hold
 * one. When a cluster worker did not answer (`complete: false`) the requests it did not close
 * stay pending for the next poll instead of becoming `notFound`.
 */
export interface CloseOutcome {
  closed: ReadonlySet<string>;
  complete: boolean;
}

/** Closes the requested connections that are open, wherever they are. */
export type ConnectionCloser = (requests: readonly CloseRequest[]) => CloseOutcome | Promise<CloseOutcome>;

/** Closes the open tunnels whose log rows `requests` name, with 1008 and each reason; returns their log ids. */
export function closeRequestedTunnels(tunnels: ReadonlySet<Tunnel>, requests: readonly CloseRequest[]): Set<string> {
  const closed = new Set<string>();
  if (requests.length === 0) return closed;
  // Requests are rare: one pass over the open tunnels finds them all.
  const wanted = new Map(requests.map((r) => [r.logId, r]));
  for (const tunnel of tunnels) {
    const request = tunnel.logId === null ? undefined : wanted.get(tunnel.logId);
    if (request === undefined || tunnel.isEnded || tunnel.closedBy !== null) continue;
    tunnel.close(CLOSE_REQUESTED_CODE, request.reason);
    closed.add(request.logId);
  }
  return closed;
}

/**
 * Closes the connections administrators ask to close. The portal writes a row in
 * `connection_close_requests` (it has no network path to the gateways, which share the
 * database); each gateway polls its own pending rows (an indexed lookup that finds none almost
 * always), closes the tunnel whose log row is named with 1008 and the reason, at frame
 * boundaries, and marks the request done, `notFound` when that connection is not open here.
 * In a cluster the primary polls and its closer asks every worker (gateway/cluster/).
 */
export class CloseRequestPoller {
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private readonly pending;
  private readonly markDone;

  constructor(
    private readonly db: Db,
    private readonly gatewayId: string,
    private readonly closer: ConnectionCloser,
  ) {
    this.pending = db.$client.prepare<[string], PendingRequest>(
      "SELECT id, log_id, reason FROM connection_close_requests WHERE gateway_id = ? AND done_at IS NULL ORDER BY requested_at LIMIT 100",
    );
    this.markDone = db.$client.prepare("UPDATE connection_close_requests SET done_at = ?, outcome = ? WHERE id = ?");
  }

  start(pollMs: number): void {
    this.timer = setInterval(() => void this.poll(), pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Handles the pending requests; resolves with how many connections it closed. */
  async poll(): Promise<number> {
    // A cluster's closer waits for its workers: one poll at a time.
    if (this.polling) return 0;
    this.polling = true;
    try {
      return await this.handlePending();
    } finally {
      this.polling = false;
    }
  }

  private async handlePending(): Promise<number> {
    let requests: PendingRequest[];
    try {
      requests = this.pending.all(this.gatewayId);
    } catch (error) {
      log.warn("close requests unreadable", { error: String(error) });
      return 0;
    }
    if (requests.length === 0) return 0;
    const { closed, complete } = await this.closer(requests.map((r) => ({ logId: r.log_id, reason: r.reason })));
    const now = Date.now();
    for (const request of requests) {
      const open = closed.has(request.log_id);
      // Not every process answered: what was not closed may be open there; ask again next poll.
      if (!open && !complete) continue;
      try {
        this.markDone.run(now, open ? "closed" : "notFound", request.id);
      } catch (error) {
        log.warn("close request not marked done", { id: request.id, error: String(error) });
      }
      log.info("close request", { id: request.id, connection: request.log_id, outcome: open ? "closed" : "notFound" });
    }
    return closed.size;
  }
}
