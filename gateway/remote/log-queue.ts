import type { LogRow } from "../telemetry/telemetry-sink";
import type { TelemetryLogRow } from "./protocol";

/** A log row as it travels to the portal (protocol.ts): its fields, copied at the moment it is sent. */
function toTelemetryLogRow(row: LogRow): TelemetryLogRow {
  return {
    id: row.id,
    time: row.time,
    gatewayId: row.gatewayId,
    apiId: row.apiId,
    operationId: row.operationId,
    productId: row.productId,
    subscriptionId: row.subscriptionId,
    userId: row.userId,
    callerIp: row.callerIp,
    method: row.method,
    url: row.url,
    responseCode: row.responseCode,
    backendResponseCode: row.backendResponseCode,
    backendUrl: row.backendUrl,
    totalTime: row.totalTime,
    backendTime: row.backendTime,
    lastErrorReason: row.lastErrorReason,
    lastErrorMessage: row.lastErrorMessage,
    lastErrorSource: row.lastErrorSource,
    traceId: row.traceId,
    closedAt: row.closedAt,
    durationMs: row.durationMs,
    closeCode: row.closeCode,
    closeReason: row.closeReason,
    closedBy: row.closedBy,
    messagesInbound: row.messagesInbound,
    messagesOutbound: row.messagesOutbound,
    bytesInbound: row.bytesInbound,
    bytesOutbound: row.bytesOutbound,
  };
}

/**
 * Log rows waiting to reach the portal, bounded. The handshake path pushes a reference (O(1));
 * a row pushed again while it still waits is not queued twice: its insert and its completion
 * leave as ONE row, copied when the batch is taken, with the newest fields. Rows of a batch in
 * flight count against the bound, and a batch that failed goes back to the front in order, so
 * the portal's upsert by id always sees a row's older state before its newer one.
 */
export class LogQueue {
  private queue: (LogRow | TelemetryLogRow)[] = [];
  /** The live rows in `queue` (references), to coalesce a second push. */
  private readonly waiting = new Set<LogRow>();
  private inFlight = 0;
  /** Rows lost to a full queue since start. */
  dropped = 0;
  /** Rows the portal has taken since start. */
  shipped = 0;

  constructor(
    private readonly max: number,
    /** Told of each dropped row (per-API drop counts); must not throw. */
    private readonly onDrop: (apiId: string | null) => void = () => {},
  ) {}

  /** Rows waiting or in flight. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Queues the row (its insert or its completion); drops and counts it when full. Never blocks. */
  push(row: LogRow): void {
    if (this.waiting.has(row)) return; // its queued entry will carry the newest fields
    if (this.pending >= this.max) {
      this.dropped++;
      this.onDrop(row.apiId);
      return;
    }
    this.waiting.add(row);
    this.queue.push(row);
  }

  /** Takes up to `limit` rows off the front for one batch; call `settle` with them afterwards. */
  take(limit: number): TelemetryLogRow[] {
    const items = this.queue.length <= limit ? this.queue : this.queue.slice(0, limit);
    this.queue = items === this.queue ? [] : this.queue.slice(limit);
    this.inFlight += items.length;
    return items.map((item) => {
      // A copy already (a batch put back), or a live row: from here its later close is queued as a row of its own.
      if (!this.waiting.delete(item as LogRow)) return item as TelemetryLogRow;
      return toTelemetryLogRow(item);
    });
  }

  /** Ends a batch: delivered, or put back at the front to be retried. */
  settle(batch: TelemetryLogRow[], delivered: boolean): void {
    this.inFlight -= batch.length;
    if (delivered) this.shipped += batch.length;
    else if (batch.length > 0) this.queue = [...batch, ...this.queue];
  }
}
