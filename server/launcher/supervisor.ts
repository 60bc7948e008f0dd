import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

/**
 * Runs the launcher's child processes as one unit: signals are forwarded to all of them,
 * and when a long-running one dies on its own the others are stopped and the launcher
 * exits non-zero. A second Ctrl-C kills whatever is still running.
 */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;
  private exitCode = 0;
  private settle: ((code: number) => void) | null = null;
  private readonly finished = new Promise<number>((resolve) => (this.settle = resolve));

  /** Installs the SIGINT/SIGTERM handlers. */
  forwardSignals(): void {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.on(signal, () => {
        if (this.stopping) {
          console.log(`[portcullis] ${signal} again: killing ${[...this.children.keys()].join(", ") || "nothing"}.`);
          this.signalAll("SIGKILL");
          return;
        }
        console.log(`[portcullis] ${signal}: stopping (press Ctrl-C again to force).`);
        this.stop(signal);
      });
    }
  }

  /** True once a stop has begun; the caller must not start anything else. */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** Starts a process that should run until it is stopped; if it exits first, everything stops. */
  startService(name: string, command: string, args: string[], options: SpawnOptions): void {
    const child = this.spawnChild(name, command, args, options);
    child.on("exit", (code, signal) => {
      this.children.delete(name);
      if (this.stopping) {
        this.settleIfIdle();
        return;
      }
      // A Ctrl-C reaches the whole process group: let our own signal handler run first so
      // a child that stopped on that signal is not taken for a crash.
      setTimeout(() => {
        if (!this.stopping) {
          console.error(`[portcullis] ${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping.`);
          this.fail(typeof code === "number" && code !== 0 ? code : 1);
        }
        this.settleIfIdle();
      }, 250);
    });
  }

  /** Runs a process to completion (a build) and resolves with its exit code. */
  runTask(name: string, command: string, args: string[], options: SpawnOptions): Promise<number> {
    const child = this.spawnChild(name, command, args, options);
    return new Promise((resolve) => {
      child.on("exit", (code) => {
        this.children.delete(name);
        this.settleIfIdle();
        resolve(code ?? 1);
      });
    });
  }

  /** Stops every child and makes the launcher exit with `code`. */
  fail(code: number): void {
    this.exitCode = code;
    this.stop("SIGTERM");
  }

  /** Sends `signal` to every child; `finished` resolves when they have all exited. */
  stop(signal: NodeJS.Signals): void {
    this.stopping = true;
    this.signalAll(signal);
    this.settleIfIdle();
  }

  /** Resolves with the launcher's exit code once a stop has begun and every child is gone. */
  wait(): Promise<number> {
    return this.finished;
  }

  private spawnChild(name: string, command: string, args: string[], options: SpawnOptions): ChildProcess {
    const child = spawn(command, args, { stdio: "inherit", ...options });
    this.children.set(name, child);
    child.on("error", (error) => {
      console.error(`[portcullis] could not start ${name}: ${error.message}`);
      // A process that never started emits no "exit"; report it as one so waiters settle.
      if (child.pid === undefined) child.emit("exit", 127, null);
    });
    return child;
  }

  private signalAll(signal: NodeJS.Signals): void {
    for (const child of this.children.values()) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    }
  }

  private settleIfIdle(): void {
    if (this.stopping && this.children.size === 0) this.settle?.(this.exitCode);
  }
}
