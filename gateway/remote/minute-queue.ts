/** A per-minute metrics row as it travels to the portal: MinuteMetricsWriter's upsert parameters. */
export interface ShippedMinuteRow {
  minute: number;
  gatewayId: string;
  apiId: string;
  succeeded: number;
  failed: number;
  /** JSON object text: response code → attempts. */
  byCode: string;
  messagesInbound: number;
  messagesOutbound: number;
  bytesInbound: number;
  bytesOutbound: number;
  peak: number;
  active: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** JSON object text: the sparse latency histogram. */
  histogram: string;
  logRowsDropped: number;
}

/**
 * Folds `later` into `earlier` with the portal's own upsert (MinuteMetricsWriter's ON CONFLICT):
 * counts add up, the peak is the larger, `active` the later, the percentiles and histogram the
 * later unless it has none. Applying the merged row equals applying both in order.
 */
export function mergeMinuteRows(earlier: ShippedMinuteRow, later: ShippedMinuteRow): ShippedMinuteRow {
  const byCode = JSON.parse(earlier.byCode) as Record<string, number>;
  for (const [code, n] of Object.entries(JSON.parse(later.byCode) as Record<string, number>)) byCode[code] = (byCode[code] ?? 0) + n;
  const latest = later.p50 !== null;
  return {
    minute: earlier.minute,
    gatewayId: earlier.gatewayId,
    apiId: earlier.apiId,
    succeeded: earlier.succeeded + later.succeeded,
    failed: earlier.failed + later.failed,
    byCode: JSON.stringify(byCode),
    messagesInbound: earlier.messagesInbound + later.messagesInbound,
    messagesOutbound: earlier.messagesOutbound + later.messagesOutbound,
    bytesInbound: earlier.bytesInbound + later.bytesInbound,
    bytesOutbound: earlier.bytesOutbound + later.bytesOutbound,
    peak: Math.max(earlier.peak, later.peak),
    active: later.active,
    p50: later.p50 ?? earlier.p50,
    p95: later.p95 ?? earlier.p95,
    p99: later.p99 ?? earlier.p99,
    histogram: latest ? later.histogram : earlier.histogram,
    logRowsDropped: earlier.logRowsDropped + later.logRowsDropped,
  };
}

/**
 * Per-minute rows waiting for the portal. Rows of the same minute and API merge while they
 * wait, so a long outage costs one row per API per minute, never one per flush; past `max`
 * distinct rows the newest are dropped and counted (a day of ten APIs fits the default).
 */
export class MinuteQueue {
  private rows = new Map<string, ShippedMinuteRow>();
  /** Rows lost to a full queue since start. */
  dropped = 0;

  constructor(private readonly max = 20_000) {}

  get pending(): number {
    return this.rows.size;
  }

  push(row: ShippedMinuteRow): void {
    const key = `${row.minute}\u0000${row.apiId}`;
    const waiting = this.rows.get(key);
    if (waiting) this.rows.set(key, mergeMinuteRows(waiting, row));
    else if (this.rows.size >= this.max) this.dropped++;
    else this.rows.set(key, row);
  }

  /** Takes up to `limit` rows, oldest first. */
  take(limit: number): ShippedMinuteRow[] {
    const batch: ShippedMinuteRow[] = [];
    for (const [key, row] of this.rows) {
      if (batch.length >= limit) break;
      batch.push(row);
      this.rows.delete(key);
    }
    return batch;
  }

  /** Puts a batch the portal did not take back, merged with what arrived since (it is older, so it goes first). */
  putBack(batch: ShippedMinuteRow[]): void {
    const newer = this.rows;
    this.rows = new Map();
    for (const row of batch) this.rows.set(`${row.minute}\u0000${row.apiId}`, row);
    for (const row of newer.values()) this.push(row);
  }
}
