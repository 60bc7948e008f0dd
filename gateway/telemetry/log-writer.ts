import type { Db } from "../../db/client";
import { log } from "../log";
import type { HandshakeRecord } from "./handshake-record";
import { GATEWAY_LOG_COMPLETE_SQL, GATEWAY_LOG_INSERT_SQL } from "./telemetry-sql";

/**
 * Writes gateway log rows in batches from a bounded in-memory queue, on a timer: socket
 * handlers only push a reference. When the queue is full, rows are dropped and counted,
 * never waited for.
 */
export class LogWriter {
  private queue: HandshakeRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Rows lost to a full queue since start. */
  dropped = 0;
  written = 0;
  private readonly insert;
  private readonly complete;

  constructor(
    private readonly db: Db,
    private readonly maxQueue: number,
    /** Told of each dropped row (per-API drop counts); must not throw. */
    private readonly onDrop: (record: HandshakeRecord) => void = () => {},
    /** False: nothing is queued or written (GATEWAY_TELEMETRY=off). */
    private readonly enabled = true,
  ) {
    const sqlite = db.$client;
    this.insert = sqlite.prepare(GATEWAY_LOG_INSERT_SQL);
    this.complete = sqlite.prepare(GATEWAY_LOG_COMPLETE_SQL);
  }

  /** Queues the record's insert or completion; O(1), never blocks. */
  push(record: HandshakeRecord): void {
    if (record.queued || !this.enabled) return; // a queued record's pending write will carry the newest fields
    if (this.queue.length >= this.maxQueue) {
      this.dropped++;
      this.onDrop(record);
      return;
    }
    record.queued = true;
    this.queue.push(record);
  }

  get pending(): number {
    return this.queue.length;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Writes everything queued in one transaction. */
  flush(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    try {
      this.db.$client.transaction(() => {
        for (const record of batch) {
          record.queued = false;
          if (record.inserted) this.complete.run({ ...record });
          else this.insert.run({ ...record });
          record.inserted = true;
        }
      })();
      this.written += batch.length;
    } catch (error) {
      // The rows are lost rather than retried forever: the data plane must not stall on the database.
      this.dropped += batch.length;
      for (const record of batch) {
        record.queued = false;
        this.onDrop(record);
      }
      log.error("gateway log batch failed", { rows: batch.length, error: String(error) });
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flush();
  }
}
