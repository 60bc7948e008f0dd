import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

/** When and how fast a service that died on its own is started again. */
export interface RestartPolicy {
  /** Wait before the first restart; doubles with each crash in a row. */
  initialDelayMs: number;
  /** The longest wait between restarts. */
  maxDelayMs: number;
  /** A run at least this long counts as healthy: the next crash waits `initialDelayMs` again. */
  stableAfterMs: number;
  /** This many crashes within `crashLoopWindowMs` is a crash loop: reported, and the wait jumps to `maxDelayMs`. */
  crashLoopCrashes: number;
  crashLoopWindowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  stableAfterMs: 30_000,
  crashLoopCrashes: 5,
  crashLoopWindowMs: 60_000,
};

/** The clock the supervisor waits with (handed in so tests can shorten or observe it). */
export interface SupervisorClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): NodeJS.Timeout;
  clearTimeout(timer: NodeJS.Timeout): void;
}

const systemClock: SupervisorClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer),
};

/** Where the supervisor's own lines go. */
export interface SupervisorLog {
  info(line: string): void;
  error(line: string): void;
}

export interface SupervisorOptions {
  restart?: Partial<RestartPolicy>;
  clock?: SupervisorClock;
  log?: SupervisorLog;
  /**
   * How long an exit waits before it counts as a crash. A Ctrl-C reaches the whole process
   * group, so a child may exit on it before our own signal handler has run.
   */
  signalGraceMs?: number;
}

/** A long-running child and what its restarts have been. */
interface Service {
  name: string;
  command: string;
  args: string[];
  options: SpawnOptions;
  startedAt: number;
  nextDelayMs: number;
  crashTimes: number[];
  restartTimer: NodeJS.Timeout | null;
}

/** "0.5 s", "30 s": a delay as a person reads it. */
function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * Runs the launcher's child processes: signals are forwarded to all of them, and a
 * long-running one that dies on its own is started again (after a backoff that doubles up
 * to `maxDelayMs`; a crash loop is reported and waits the longest) while the others keep
 * running. A stop (Ctrl-C, SIGTERM) stops everything and restarts nothing; a second Ctrl-C
 * kills whatever is still running.
 */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private readonly services = new Map<string, Service>();
  private readonly policy: RestartPolicy;
  private readonly clock: SupervisorClock;
  private readonly log: SupervisorLog;
  private readonly signalGraceMs: number;
  private stopping = false;
  private exitCode = 0;
  private settle: ((code: number) => void) | null = null;
  private readonly finished = new Promise<number>((resolve) => (this.settle = resolve));

  constructor(options: SupervisorOptions = {}) {
    this.policy = { ...DEFAULT_RESTART_POLICY, ...options.restart };
    this.clock = options.clock ?? systemClock;
    // The launcher's own lines speak to the person at the terminal, as README shows them (the
    // processes it runs write JSON lines).
    this.log = options.log ?? { info: (line) => console.log(line), error: (line) => console.error(line) };
    this.signalGraceMs = options.signalGraceMs ?? 250;
  }

  /** Installs the SIGINT/SIGTERM handlers. */
  forwardSignals(): void {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => this.signalled(signal));
  }

  /** What the launcher does on Ctrl-C or SIGTERM: the first stops everything, a second kills what is left. */
  signalled(signal: "SIGINT" | "SIGTERM"): void {
    if (this.stopping) {
      this.log.info(`[portcullis] ${signal} again: killing ${[...this.children.keys()].join(", ") || "nothing"}.`);
      this.signalAll("SIGKILL");
      return;
    }
    this.log.info(`[portcullis] ${signal}: stopping (press Ctrl-C again to force).`);
    this.stop(signal);
  }

  /** True once a stop has begun; the caller must not start anything else. */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** The process id of a running child, or null (not started, or between a crash and its restart). */
  pidOf(name: string): number | null {
    return this.children.get(name)?.pid ?? null;
  }

  /** Starts a process that should run until it is stopped; if it dies first, it is started again. */
  startService(name: string, command: string, args: string[], options: SpawnOptions): void {
    const service: Service = {
      name,
      command,
      args,
      options,
      startedAt: 0,
      nextDelayMs: this.policy.initialDelayMs,
      crashTimes: [],
      restartTimer: null,
    };
    this.services.set(name, service);
    this.run(service, "started");
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

  /** Sends `signal` to every child and cancels pending restarts; `wait()` resolves when all have exited. */
  stop(signal: NodeJS.Signals): void {
    this.stopping = true;
    for (const service of this.services.values()) {
      if (service.restartTimer) this.clock.clearTimeout(service.restartTimer);
      service.restartTimer = null;
    }
    this.signalAll(signal);
    this.settleIfIdle();
  }

  /** Resolves with the launcher's exit code once a stop has begun and every child is gone. */
  wait(): Promise<number> {
    return this.finished;
  }

  private run(service: Service, verb: "started" | "restarted"): void {
    service.startedAt = this.clock.now();
    const child = this.spawnChild(service.name, service.command, service.args, service.options);
    if (child.pid !== undefined) this.log.info(`[portcullis] ${service.name} ${verb} (pid ${child.pid}).`);
    child.on("exit", (code, signal) => {
      this.children.delete(service.name);
      if (this.stopping) return this.settleIfIdle();
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      this.clock.setTimeout(() => {
        if (this.stopping) return this.settleIfIdle();
        this.scheduleRestart(service, how);
      }, this.signalGraceMs);
    });
  }

  /** Works out the backoff for a crash, says so, and starts the service again after it. */
  private scheduleRestart(service: Service, how: string): void {
    const now = this.clock.now();
    if (now - service.startedAt >= this.policy.stableAfterMs) service.nextDelayMs = this.policy.initialDelayMs;
    service.crashTimes = service.crashTimes.filter((t) => now - t < this.policy.crashLoopWindowMs);
    service.crashTimes.push(now);

    let delay = service.nextDelayMs;
    service.nextDelayMs = Math.min(delay * 2, this.policy.maxDelayMs);
    if (service.crashTimes.length >= this.policy.crashLoopCrashes) {
      delay = this.policy.maxDelayMs;
      this.log.error(
        `[portcullis] ${service.name} is crash-looping: it exited unexpectedly (${how}), ` +
          `${service.crashTimes.length} crashes within ${seconds(this.policy.crashLoopWindowMs)}; ` +
          `next restart in ${seconds(delay)}. Its own output above says why.`,
      );
    } else {
      this.log.error(`[portcullis] ${service.name} exited unexpectedly (${how}); restarting in ${seconds(delay)}.`);
    }
    service.restartTimer = this.clock.setTimeout(() => {
      service.restartTimer = null;
      if (!this.stopping) this.run(service, "restarted");
    }, delay);
  }

  private spawnChild(name: string, command: string, args: string[], options: SpawnOptions): ChildProcess {
    const child = spawn(command, args, { stdio: "inherit", ...options });
    this.children.set(name, child);
    child.on("error", (error) => {
      this.log.error(`[portcullis] could not start ${name}: ${error.message}`);
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
