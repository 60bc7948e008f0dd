import { Worker } from "node:worker_threads";
import { log } from "../log";
import type { DatabaseWorkerOptions, FromDatabaseWorker, ToDatabaseWorker } from "./messages";

type Listener = (message: FromDatabaseWorker) => void;

/**
 * The main thread's handle on the database thread (worker.ts): posts messages and hands the
 * answers to listeners, never waiting. Shared by the embedded configuration source and
 * telemetry sink; the thread ends when both have let go of it.
 */
export class DatabaseThread {
  private readonly worker: Worker;
  private readonly listeners = new Set<Listener>();
  private users = 0;
  private ended = false;
  /** Resolves when the thread has exited. */
  readonly exited: Promise<void>;

  constructor(options: DatabaseWorkerOptions) {
    this.worker = new Worker(new URL("./bootstrap.mjs", import.meta.url), { workerData: options });
    this.worker.on("message", (message: FromDatabaseWorker) => {
      for (const listener of this.listeners) listener(message);
    });
    this.worker.on("error", (error) => log.error("database thread failed", { error: String(error) }));
    this.exited = new Promise((resolve) =>
      this.worker.once("exit", (code) => {
        if (!this.ended) log.error("database thread exited: configuration and telemetry stop until the gateway restarts", { code });
        this.ended = true;
        resolve();
      }),
    );
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
  }

  /** Posts a message; never waits. A thread that is gone ignores it. */
  send(message: ToDatabaseWorker): void {
    if (!this.ended) this.worker.postMessage(message);
  }
}
