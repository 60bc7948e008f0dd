import { Worker } from "node:worker_threads";
import { log } from "../log";
import type { DatabaseWorkerOptions, FromDatabaseWorker, ToDatabaseWorker } from "./messages";

/** What listeners hear: the thread's messages, and `restarted` when a new thread replaced one that died. */
export type DatabaseThreadEvent = FromDatabaseWorker | { type: "restarted" };

type Listener = (event: DatabaseThreadEvent) => void;

/** Pause before a thread that died is replaced. */
const RESTART_DELAY_MS = 1000;
/** Threads in a row that die before saying anything: then the gateway stops trying (a start-up failure, not a crash). */
const MAX_SILENT_DEATHS = 3;

/**
 * The main thread's handle on the database thread (worker.ts): posts messages and hands the
 * answers to listeners, never waiting. Shared by the embedded configuration source and
 * telemetry sink; the thread ends when both have let go of it. A thread that dies is replaced
 * (its listeners hear `restarted` and resend what it had not settled).
 */
export class DatabaseThread {
  private worker!: Worker;
  private readonly listeners = new Set<Listener>();
  private users = 0;
  private ended = false;
  private silentDeaths = 0;
  private heard = false;
  private resolveExited!: () => void;
  /** Resolves when the thread has ended for good (let go of, or given up on). */
  readonly exited = new Promise<void>((resolve) => (this.resolveExited = resolve));

  constructor(private readonly options: DatabaseWorkerOptions) {
    this.spawn();
  }

  private spawn(): void {
    this.heard = false;
    const worker = new Worker(new URL("./bootstrap.mjs", import.meta.url), { workerData: this.options });
    worker.on("message", (message: FromDatabaseWorker) => {
      this.heard = true;
      this.silentDeaths = 0;
      for (const listener of this.listeners) listener(message);
    });
    worker.on("error", (error) => log.error("database thread failed", { error: String(error) }));
    worker.once("exit", (code) => {
      if (this.ended) return this.resolveExited();
      if (!this.heard && ++this.silentDeaths >= MAX_SILENT_DEATHS) {
        log.error("database thread cannot start: configuration and telemetry stop until the gateway restarts", { code });
        this.ended = true;
        return this.resolveExited();
      }
      log.error("database thread exited; starting a new one", { code, inMs: RESTART_DELAY_MS });
      setTimeout(() => {
        if (this.ended) return this.resolveExited();
        this.spawn();
        for (const listener of this.listeners) listener({ type: "restarted" });
      }, RESTART_DELAY_MS);
    });
    this.worker = worker;
  }

  /** Registers a user (the config source or the telemetry sink) and its listener. */
  attach(listener: Listener): void {
    this.users++;
    this.listeners.add(listener);
  }

  /** Unregisters; the last user to leave ends the thread. */
  async detach(listener: Listener): Promise<void> {
    this.listeners.delete(listener);
    if (--this.users > 0) return;
    this.ended = true;
    await this.worker.terminate();
    this.resolveExited();
  }

  /** Posts a message; never waits. A thread that is gone ignores it. */
  send(message: ToDatabaseWorker): void {
    if (!this.ended) this.worker.postMessage(message);
  }
}
