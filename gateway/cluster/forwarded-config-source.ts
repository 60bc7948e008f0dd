import { completeConfigRows } from "../config/changed-config-rows";
import type { ConfigRows } from "../config/config-rows";
import type { ConfigSource, ConfigSourceHandlers, ConfigSourceStatus } from "../config/config-source";
import { isMessage, type ConfigMessage, type ConfigWantedMessage } from "./cluster-messages";

/**
 * A self-hosted gateway's worker's configuration seam: what the primary's one
 * RemoteConfigSource delivers, forwarded over the cluster channel. One long-poll and one cache
 * file writer per instance, however many workers: N workers each polling the portal would hold
 * N requests open, write the cache file N times and count N times against its limits.
 */
export class ForwardedConfigSource implements ConfigSource {
  private handlers: ConfigSourceHandlers | null = null;
  private state: ConfigSourceStatus = { readable: false, reason: "waiting for the configuration from the gateway's primary process" };
  private firstDone: (() => void) | null = null;
  /** The last rows delivered: sections the primary left out (unchanged) come from here. */
  private rows: ConfigRows | null = null;

  constructor(private readonly send: (message: ConfigWantedMessage) => void) {}

  get status(): ConfigSourceStatus {
    return this.state;
  }

  /** Asks the primary for the configuration; resolves with its first answer (a configuration, or only the status saying why there is none). */
  start(handlers: ConfigSourceHandlers): Promise<void> {
    this.handlers = handlers;
    return new Promise((resolve) => {
      this.firstDone = resolve;
      this.send({ type: "portcullis:config-wanted" });
    });
  }

  /** Takes a message from the primary; false when it is not a configuration message. */
  receive(message: unknown): boolean {
    if (!isMessage<ConfigMessage>(message, "portcullis:config")) return false;
    const handlers = this.handlers;
    if (handlers === null) return true;
    if (message.config) {
      this.rows = completeConfigRows(message.config.rows, this.rows);
      handlers.onUpdate({ rows: this.rows, keyHashKey: Buffer.from(message.config.keyHashKey, "base64") });
    }
    const next = message.status;
    if (next.readable !== this.state.readable || next.reason !== this.state.reason) {
      this.state = next;
      handlers.onStatus(next);
    }
    this.firstDone?.();
    this.firstDone = null;
    return true;
  }

  async stop(): Promise<void> {
    this.handlers = null;
    this.firstDone?.();
    this.firstDone = null;
  }
}
