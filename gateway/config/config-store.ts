import type { Db } from "../../db/client";
import { log } from "../log";
import { loadSnapshot, readRevision } from "./load-snapshot";
import type { ConfigSnapshot } from "./snapshot";

/**
 * Holds the configuration snapshot and replaces it when the database's revision moves.
 * Open connections keep the objects they captured, so a reload never touches them. If the
 * database cannot be read, the last good snapshot stays in service.
 */
export class ConfigStore {
  private snapshot: ConfigSnapshot | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failing = false;

  constructor(
    private readonly db: Db,
    private readonly gatewayId: string,
    private readonly keyHashKey: Buffer,
  ) {}

  /** The snapshot in force; throws before the first successful load. */
  get current(): ConfigSnapshot {
    if (this.snapshot === null) throw new Error("Configuration not loaded");
    return this.snapshot;
  }

  get isLoaded(): boolean {
    return this.snapshot !== null;
  }

  /** Loads now; returns whether the snapshot is usable. */
  refresh(): boolean {
    try {
      const revision = readRevision(this.db);
      if (this.snapshot === null || revision !== this.snapshot.revision) {
        this.snapshot = loadSnapshot(this.db, this.gatewayId, this.keyHashKey);
        log.info("configuration loaded", { revision: this.snapshot.revision, apis: this.snapshot.router.size });
        for (const problem of this.snapshot.policyProblems) log.error("policy document refused: its APIs answer 500 until it is fixed", { problem });
      }
      if (this.failing) log.info("configuration database readable again");
      this.failing = false;
    } catch (error) {
      if (!this.failing) log.error("configuration reload failed; serving the last good configuration", { error: String(error) });
      this.failing = true;
    }
    return this.snapshot !== null;
  }

  start(pollMs: number): void {
    this.refresh();
    this.timer = setInterval(() => this.refresh(), pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
