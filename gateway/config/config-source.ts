import type { ConfigRows } from "./config-rows";

/**
 * One configuration as a source delivers it: the rows this gateway serves and the HMAC key its
 * subscription keys are hashed with (the embedded source reads the instance secret; a
 * self-hosted gateway receives its own key from the portal with its rows).
 */
export interface ConfigUpdate {
  rows: ConfigRows;
  keyHashKey: Buffer;
  /** When the source read these rows (epoch ms), where it knows: the load's log line says how long they took to go live. */
  readAt?: number;
}

/** Whether the source can read its configuration now; `reason` says why not (shown by /readyz). */
export interface ConfigSourceStatus {
  readable: boolean;
  /** Null while readable; otherwise one line an operator can act on. */
  reason: string | null;
}

/** What a configuration source tells the gateway; both callbacks must return quickly and never throw. */
export interface ConfigSourceHandlers {
  /**
   * A configuration whose revision differs from the last one delivered. A source may skip
   * revisions (a burst of changes arrives as its last state) but never delivers an older one
   * after a newer one.
   */
  onUpdate(update: ConfigUpdate): void;
  /** The status changed (readable → failing, failing → readable, or a new reason). */
  onStatus(status: ConfigSourceStatus): void;
}

/**
 * The gateway's configuration seam (DESIGN §6): the SQLite file (read off the event loop) or
 * the portal's API with a cache file. The gateway builds snapshots from what it delivers and
 * never learns which side is behind it; while a source fails, the last good configuration
 * stays in service.
 */
export interface ConfigSource {
  /**
   * Starts watching. Resolves once a first configuration was delivered through `onUpdate` or
   * could not be had (then `status` says why and the gateway answers 503 until one arrives).
   */
  start(handlers: ConfigSourceHandlers): Promise<void>;
  /** The current status (the last one given to `onStatus`). */
  readonly status: ConfigSourceStatus;
  /** Stops watching and releases what the source holds (connections, timers). */
  stop(): Promise<void>;
}
