/**
 * The bounded queue behind a telemetry sink's log rows (TelemetrySink's promise): pushing never
 * waits; rows queued plus rows in flight to the writer never exceed `max`, past it a row is
 * dropped and counted. A row pushed again while still queued is not queued twice: it is sent
 * once, with the fields it has when taken (so an insert and its completion can go as one).
 */
export class LogQueue<Row extends object> {
  private queued = new Set<Row>();
  private inFlight = 0;
  /** Rows dropped since start: bound reached, or settled as dropped by the writer. */
  dropped = 0;

  constructor(readonly max: number) {}

  /** Queues the row; false when it was dropped (the bound is reached). O(1). */
  push(row: Row): boolean {
    if (this.queued.has(row)) return true;
    if (this.queued.size + this.inFlight >= this.max) {
      this.dropped++;
      return false;
    }
    this.queued.add(row);
    return true;
  }

  /** Rows accepted and not yet settled: queued plus in flight. */
  get pending(): number {
    return this.queued.size + this.inFlight;
  }

  /** Rows waiting to be taken. */
  get size(): number {
    return this.queued.size;
  }

  /** Rows taken and not yet settled. */
  get sending(): number {
    return this.inFlight;
  }

  /** Takes up to `limit` rows, oldest first; they stay counted (in flight) until `settle`. */
  take(limit = Infinity): Row[] {
    const batch: Row[] = [];
    for (const row of this.queued) {
      if (batch.length >= limit) break;
      batch.push(row);
    }
    if (batch.length === this.queued.size) this.queued = new Set();
    else for (const row of batch) this.queued.delete(row);
    this.inFlight += batch.length;
    return batch;
  }

  /** `count` rows taken earlier are done with: written, or `dropped` of them lost for good. */
  settle(count: number, dropped = 0): void {
    this.inFlight = Math.max(0, this.inFlight - count);
    this.dropped += dropped;
  }
}
