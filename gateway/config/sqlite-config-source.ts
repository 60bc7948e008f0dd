import { log } from "../log";
import type { DatabaseThread, DatabaseThreadEvent } from "../database-worker/database-thread";
import { completeConfigRows } from "./changed-config-rows";
import type { ConfigRows } from "./config-rows";
import type { ConfigSource, ConfigSourceHandlers, ConfigSourceStatus } from "./config-source";

const NOT_READ_YET = "not read yet";

/**
 * The embedded configuration source: the database thread polls the SQLite file's revision and
 * posts the rows when it moves (DESIGN §6), one update at a time: the main thread receives them
 * and answers once it has applied one, so a burst that lands while it relays frames arrives as
 * one update with the newest rows.
 */
export class SqliteConfigSource implements ConfigSource {
  private current: ConfigSourceStatus = { readable: false, reason: NOT_READ_YET };
  private listener: ((message: DatabaseThreadEvent) => void) | null = null;
  /** The key as the thread sent it, and decoded once. */
  private key: { base64: string; bytes: Buffer } | null = null;
  /** The last rows delivered: sections the thread left out (unchanged) come from here, the same arrays. */
  private rows: ConfigRows | null = null;

  constructor(private readonly thread: DatabaseThread) {}

  get status(): ConfigSourceStatus {
    return this.current;
  }

  start(handlers: ConfigSourceHandlers): Promise<void> {
    return new Promise((resolve) => {
      this.listener = (message) => {
        if (message.type === "config") {
          if (this.key?.base64 !== message.keyHashKey) this.key = { base64: message.keyHashKey, bytes: Buffer.from(message.keyHashKey, "base64") };
          this.rows = completeConfigRows(message.rows, this.rows);
          handlers.onUpdate({ rows: this.rows, keyHashKey: this.key.bytes, readAt: message.readAt });
          this.thread.send({ type: "configApplied" });
          resolve();
        } else if (message.type === "configStatus") {
          // Said when it starts failing (at start, too) and when it recovers, not at every new reason.
          const wasFailing = !this.current.readable && this.current.reason !== NOT_READ_YET;
          if (!message.status.readable && !wasFailing) log.error("configuration reload failed; serving the last good configuration", { error: message.status.reason });
          else if (message.status.readable && wasFailing) log.info("configuration database readable again");
          this.current = message.status;
          handlers.onStatus(message.status);
          if (!message.status.readable) resolve();
        }
      };
      this.thread.attach(this.listener);
      // A thread that dies before its first answer must not hold the gateway's start for ever.
      void this.thread.exited.then(() => resolve());
    });
  }

  async stop(): Promise<void> {
    if (this.listener === null) return;
    const listener = this.listener;
    this.listener = null;
    await this.thread.detach(listener);
  }
}
