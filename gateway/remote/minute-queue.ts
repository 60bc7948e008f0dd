import type { MinuteMetricRow } from "../telemetry/telemetry-sink";

/**
 * Folds `later` into `earlier` as the per-minute upsert does (MinuteMetricsWriter's ON
 * CONFLICT): counts add up, the peak is the larger, the last active count the later, the
 * percentiles and histogram the later unless it had no handshake. Sending the merged row equals
 * sending both in order.
 */
export function mergeMinuteRows(earlier: MinuteMetricRow, later: MinuteMetricRow): MinuteMetricRow {
  const byCode = { ...earlier.attemptsByCode };
  for (const [code, n] of Object.entries(later.attemptsByCode)) byCode[code] = (byCode[code] ?? 0) + n;
  const latest = later.handshakeP50Us !== null;
  return {
    minute: earlier.minute,
    gatewayId: earlier.gatewayId,
    apiId: earlier.apiId,
    attemptsSucceeded: earlier.attemptsSucceeded + later.attemptsSucceeded,
    attemptsFailed: earlier.attemptsFailed + later.attemptsFailed,
    attemptsByCode: byCode,
    messagesInbound: earlier.messagesInbound + later.messagesInbound,
    messagesOutbound: earlier.messagesOutbound + later.messagesOutbound,
    bytesInbound: earlier.bytesInbound + later.bytesInbound,
    bytesOutbound: earlier.bytesOutbound + later.bytesOutbound,
    activeConnectionsPeak: Math.max(earlier.activeConnectionsPeak, later.activeConnectionsPeak),
    activeConnectionsLast: later.activeConnectionsLast,
    handshakeP50Us: later.handshakeP50Us ?? earlier.handshakeP50Us,
    handshakeP95Us: later.handshakeP95Us ?? earlier.handshakeP95Us,
    handshakeP99Us: later.handshakeP99Us ?? earlier.handshakeP99Us,
    handshakeHistogram: latest ? later.handshakeHistogram : earlier.handshakeHistogram,
    logRowsDropped: earlier.logRowsDropped + later.logRowsDropped,
  };
}

/**
 * Per-minute rows waiting for the portal. Rows of the same minute and API merge while they
 * wait, so a long outage costs one row per API per minute, never one per flush; past `max`
 * distinct rows the newest are dropped and counted (a day of ten APIs fits the default).
 */
export class MinuteQueue {
  private rows = new Map<string, MinuteMetricRow>();
  /** Rows lost to a full queue since start. */
  dropped = 0;

  constructor(private readonly max = 20_000) {}

  get pending(): number {
    return this.rows.size;
  }

  push(row: MinuteMetricRow): void {
    const key = `${row.minute}\u0000${row.apiId}`;
    const waiting = this.rows.get(key);
    if (waiting) this.rows.set(key, mergeMinuteRows(waiting, row));
    else if (this.rows.size >= this.max) this.dropped++;
    else this.rows.set(key, row);
  }

  /** Takes up to `limit` rows, oldest first. */
  take(limit: number): MinuteMetricRow[] {
    const batch: MinuteMetricRow[] = [];
    for (const [key, row] of this.rows) {
      if (batch.length >= limit) break;
      batch.push(row);
      this.rows.delete(key);
    }
    return batch;
  }

  /** Puts back a batch the portal did not take, merged with what arrived meanwhile (it is older, so it goes first). */
  putBack(batch: MinuteMetricRow[]): void {
    const newer = this.rows;
    this.rows = new Map();
    for (const row of batch) this.rows.set(`${row.minute}\u0000${row.apiId}`, row);
    for (const row of newer.values()) this.push(row);
  }
}
