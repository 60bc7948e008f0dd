import type { HandshakeRecord } from "../telemetry/handshake-record";

/** A gateway log row as it travels to the portal: LogWriter's insert parameters, times in epoch ms. */
export function toLogRow(record: HandshakeRecord) {
  return {
    id: record.id,
    time: record.time,
    gatewayId: record.gatewayId,
    apiId: record.apiId,
    operationId: record.operationId,
    productId: record.productId,
    subscriptionId: record.subscriptionId,
    userId: record.userId,
    callerIp: record.callerIp,
    method: record.method,
    url: record.url,
    responseCode: record.responseCode,
    backendResponseCode: record.backendResponseCode,
    backendUrl: record.backendUrl,
    totalTime: record.totalTime,
    backendTime: record.backendTime,
    lastErrorReason: record.lastErrorReason,
    lastErrorMessage: record.lastErrorMessage,
    lastErrorSource: record.lastErrorSource,
    traceId: record.traceId,
    closedAt: record.closedAt,
    durationMs: record.durationMs,
    closeCode: record.closeCode,
    closeReason: record.closeReason,
    closedBy: record.closedBy,
    messagesInbound: record.messagesInbound,
    messagesOutbound: record.messagesOutbound,
    bytesInbound: record.bytesInbound,
    bytesOutbound: record.bytesOutbound,
  };
}

export type ShippedLogRow = ReturnType<typeof toLogRow>;

/**
 * Log rows waiting to reach the portal, bounded. The handshake path pushes a reference (O(1));
 * a record pushed again while it still waits is not queued twice: its insert and its
 * completion leave as ONE row, serialised when the batch is taken, with the newest fields.
 * Rows of a batch in flight count against the bound, and a batch that failed goes back to the
 * front in order, so the portal's upsert-by-id always sees a row's older state first.
 */
export class LogQueue {
  private queue: (HandshakeRecord | ShippedLogRow)[] = [];
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

  /** Queues the record (its insert or its completion); drops and counts it when full. Never blocks. */
  push(record: HandshakeRecord): void {
    if (record.queued) return; // its queued entry will carry the newest fields
    if (this.pending >= this.max) {
      this.dropped++;
      this.onDrop(record.apiId);
      return;
    }
    record.queued = true;
    this.queue.push(record);
  }

  /** Takes up to `limit` rows off the front for one batch; call `settle` with them afterwards. */
  take(limit: number): ShippedLogRow[] {
    const items = this.queue.length <= limit ? this.queue : this.queue.slice(0, limit);
    this.queue = items === this.queue ? [] : this.queue.slice(limit);
    this.inFlight += items.length;
    return items.map((item) => {
      if (!isRecord(item)) return item;
      // From here a later change of the record (its close) is queued as a row of its own.
      item.queued = false;
      return toLogRow(item);
    });
  }

  /** Ends a batch: delivered, or put back at the front to be retried. */
  settle(batch: ShippedLogRow[], delivered: boolean): void {
    this.inFlight -= batch.length;
    if (delivered) this.shipped += batch.length;
    else this.queue = batch.length === 0 ? this.queue : [...batch, ...this.queue];
  }
}

function isRecord(item: HandshakeRecord | ShippedLogRow): item is HandshakeRecord {
  return "queued" in item;
}
