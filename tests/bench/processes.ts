/** Every process the bench starts, tracked so that every exit path stops it all, and the forked IPC helpers. */
import { fork, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import type { ClientCommand } from "./client-commands";

/** The repository root (helpers run with it as their working directory). */
export const root = resolve(import.meta.dirname, "../..");

/** Everything started, newest first, so that every exit path stops it all. */
export const stoppers: { name: string; stop: () => Promise<void>; kill: () => void }[] = [];

export function track(name: string, stop: () => Promise<void>, kill: () => void): () => Promise<void> {
  const entry = { name, stop, kill };
  stoppers.unshift(entry);
  return async () => {
    const i = stoppers.indexOf(entry);
    if (i >= 0) stoppers.splice(i, 1);
    await stop();
  };
}

export async function stopAll(): Promise<void> {
  while (stoppers.length > 0) {
    const entry = stoppers.shift()!;
    await entry.stop().catch(() => entry.kill());
  }
}

export function killAllNow(): void {
  for (const entry of stoppers.splice(0)) entry.kill();
}

/** A forked helper speaking `{ id, cmd }` → `{ id, result | error }` over IPC. */
export class Helper {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly pid: number;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    this.pid = proc.pid!;
    proc.on("message", (m: { id?: number; result?: unknown; error?: string }) => {
      if (m.id === undefined) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(`${name}: ${m.error}`));
      else w?.resolve(m.result);
    });
    proc.once("exit", (code, signal) => {
      for (const w of this.waiting.values()) w.reject(new Error(`${name} exited (${code ?? signal})`));
      this.waiting.clear();
    });
  }

  request<T>(cmd: ClientCommand): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.proc.send({ id, cmd });
    });
  }
}

/** Forks a TypeScript helper and resolves with its first IPC message. */
export async function forkHelper<T>(file: string, args: string[] = []): Promise<{ helper: Helper; first: T; stop: () => Promise<void> }> {
  const proc = fork(resolve(import.meta.dirname, file), args, {
    cwd: root,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const helper = new Helper(file, proc);
  const stop = track(
    file,
    async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await Promise.race([exited, sleep(2000)]);
      proc.kill("SIGKILL");
    },
    () => proc.kill("SIGKILL"),
  );
  const first = await new Promise<T>((resolveFirst, reject) => {
    proc.once("message", (m) => resolveFirst(m as T));
    proc.once("exit", (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
  });
  return { helper, first, stop };
}

/** One line of the bench's output. */
export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
