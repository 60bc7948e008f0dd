import type { Worker } from "node:cluster";
import { ConfigSectionDiffer } from "../config/changed-config-rows";
import type { ConfigRows } from "../config/config-rows";
import type { ConfigSource, ConfigSourceStatus } from "../config/config-source";
import type { ConfigMessage } from "./cluster-messages";

/**
 * The primary's side of a self-hosted configuration: it runs the instance's one configuration
 * source and sends each configuration it delivers, with its status, to every worker that asked
 * (ForwardedConfigSource is the worker's side); a worker that asks gets the current one at once.
 */
export class ConfigForwarder {
  /** What the source last delivered (keyHashKey as base64) and its status, as a worker is sent them. */
  private latest: ConfigMessage = { type: "portcullis:config", status: { readable: false, reason: "not started" } };
  /** What tells the sections of a configuration that did not change since the last one sent. */
  private readonly differ = new ConfigSectionDiffer();
  /** Workers that asked for the configuration: they get every later one. */
  private readonly wanting = new Map<number, Worker>();

  /** `source` is null on the database, where each worker reads its own configuration. */
  constructor(private readonly source: ConfigSource | null) {}

  /** Starts the source (before any worker: the first to ask gets its configuration at once). */
  async start(): Promise<void> {
    await this.source?.start({
      onUpdate: (update) => this.send({ config: { rows: update.rows, keyHashKey: update.keyHashKey.toString("base64") } }),
      onStatus: (status) => this.send({ status }),
    });
  }

  /** Stops the source. */
  async stop(): Promise<void> {
    await this.source?.stop();
  }

  /** A worker asked for the configuration: the current one now, every later one as it comes. */
  wanted(worker: Worker): void {
    this.wanting.set(worker.id, worker);
    worker.send(this.latest);
  }

  /** A worker exited. */
  forget(workerId: number): void {
    this.wanting.delete(workerId);
  }

  /**
   * Keeps the newest configuration (whole, for a worker that asks) and status and sends them to
   * every worker that asked, the configuration as the sections that changed since the last one.
   */
  private send(change: { config?: { rows: ConfigRows; keyHashKey: string }; status?: ConfigSourceStatus }): void {
    this.latest = { type: "portcullis:config", config: change.config ?? this.latest.config, status: change.status ?? this.source!.status };
    // A status change alone carries no configuration: the worker's ConfigStore would take a repeat as a new load.
    const message: ConfigMessage = change.config
      ? { ...this.latest, config: { rows: this.differ.diff(change.config.rows), keyHashKey: change.config.keyHashKey } }
      : { type: "portcullis:config", status: this.latest.status };
    for (const worker of this.wanting.values()) if (worker.isConnected()) worker.send(message);
  }
}
