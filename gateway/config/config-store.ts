import { log } from "../log";
import type { ConfigSourceHandlers, ConfigSourceStatus, ConfigUpdate } from "./config-source";
import type { ConfigSnapshot } from "./snapshot";
import { SnapshotBuilder } from "./snapshot-builder";

/**
 * Holds the configuration snapshot the handshakes read and replaces it with what the
 * configuration source delivers. Updates delivered in one turn are built once, as the newest,
 * in a microtask right after that turn: not on a later turn (setImmediate), which under relay
 * load waits for a whole poll phase of socket events (seconds, measured on a busy machine).
 * Bursts spread over time are coalesced by the sources (the database thread posts one update
 * at a time, the newest). The build reuses what did not change, so it costs in proportion to
 * the change. Open connections keep the objects they captured, so a reload never touches them.
 * While the source fails, the last good snapshot stays in service.
 */
export class ConfigStore {
  private snapshot: ConfigSnapshot | null = null;
  private readonly builder = new SnapshotBuilder();
  private next: ConfigUpdate | null = null;
  private sourceStatus: ConfigSourceStatus = { readable: false, reason: "not read yet" };

  /** The snapshot in force; throws before the first successful load. */
  get current(): ConfigSnapshot {
    if (this.snapshot === null) throw new Error("Configuration not loaded");
    return this.snapshot;
  }

  get isLoaded(): boolean {
    return this.snapshot !== null;
  }

  /** The source's last status (for /readyz). */
  get status(): ConfigSourceStatus {
    return this.sourceStatus;
  }

  /** The callbacks to start a configuration source with. */
  readonly handlers: ConfigSourceHandlers = {
    onUpdate: (update) => {
      // The first one is built at once (the gateway waits for it); later ones right after this turn.
      if (this.snapshot === null) return this.apply(update);
      const scheduled = this.next !== null;
      this.next = update;
      if (!scheduled) queueMicrotask(() => this.applyNext());
    },
    // Each source logs its own failures in its own words (a database, a portal): said once.
    onStatus: (status) => {
      this.sourceStatus = status;
    },
  };

  private applyNext(): void {
    const update = this.next;
    this.next = null;
    if (update !== null) this.apply(update);
  }

  private apply(update: ConfigUpdate): void {
    try {
      const started = performance.now();
      this.snapshot = this.builder.build(update);
      log.info("configuration loaded", {
        revision: this.snapshot.revision,
        apis: this.snapshot.router.size,
        buildMs: Math.round((performance.now() - started) * 10) / 10,
        // From the source's read to this snapshot in service: what a change waited besides the poll period.
        ...(update.readAt === undefined ? {} : { sinceReadMs: Date.now() - update.readAt }),
        ...this.builder.stats,
      });
      for (const problem of this.snapshot.policyProblems) log.error("policy document refused: its APIs answer 500 until it is fixed", { problem });
    } catch (error) {
      // Rows the source vouched for but that do not build (a bad service URL): keep the last good snapshot.
      log.error("configuration could not be built; serving the last good configuration", { revision: update.rows.revision, error: String(error) });
    }
  }
}
