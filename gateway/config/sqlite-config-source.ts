import type { DatabaseThread } from "../database-worker/database-thread";
import type { FromDatabaseWorker } from "../database-worker/messages";
import type { ConfigSource, ConfigSourceHandlers, ConfigSourceStatus } from "./config-source";

/**
 * The embedded configuration source: the database thread polls the SQLite file's revision and
 * posts the rows when it moves (DESIGN §6). The main thread only receives them.
 */
export class SqliteConfigSource implements ConfigSource {
  private current: ConfigSourceStatus = { readable: false, reason: "not read yet" };
  private listener: ((message: FromDatabaseWorker) => void) | null = null;
  /** The key as the thread sent it, and decoded once. */
  private key: { base64: string; bytes: Buffer } | null = null;

  constructor(private readonly thread: DatabaseThread) {}

  get status(): ConfigSourceStatus {
    return this.current;
  }

  start(handlers: ConfigSourceHandlers): Promise<void> {
    return new Promise((resolve) => {
      this.listener = (message) => {
        if (message.type === "config") {
          if (this.key?.base64 !== message.keyHashKey) this.key = { base64: message.keyHashKey, bytes: Buffer.from(message.keyHashKey, "base64") };
          handlers.onUpdate({ rows: message.rows, keyHashKey: this.key.bytes });
          resolve();
        } else if (message.type === "configStatus") {
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
