import { fork, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import type { PacedLoadWindow } from "./paced-load-child";

export type { PacedLoadWindow } from "./paced-load-child";

/** A paced message load running in its own process (paced-load-child.ts). */
export interface PacedLoad {
  /** Its process id (for CPU figures). */
  pid: number;
  /** Counts and echo latencies since the previous call. */
  window: () => Promise<PacedLoadWindow>;
  /** Closes the connections and ends the process. */
  stop: () => Promise<void>;
}

/** Forks a child process (tsx) that runs `./file` and answers `{ id, cmd }` messages with `{ id, result | error }`. */
export async function forkCommandChild(file: string): Promise<{ child: ChildProcess; call: <T>(message: object) => Promise<T> }> {
  const child = fork(resolve(import.meta.dirname, file), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const ready = new Promise<void>((ok, fail) => {
    child.once("exit", (code) => fail(new Error(`${file} exited with ${code}`)));
    child.on("message", (m: { ready?: true; id?: number; result?: unknown; error?: string }) => {
      if (m.ready) return ok();
      const w = waiting.get(m.id!);
      waiting.delete(m.id!);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.result);
    });
  });
  await ready;
  const call = <T>(message: object) =>
    new Promise<T>((ok, fail) => {
      const id = nextId++;
      waiting.set(id, { resolve: ok as (v: unknown) => void, reject: fail });
      child.send({ id, ...message });
    });
  return { child, call };
}

/**
 * Opens `conns` connections to ws://127.0.0.1:`port``path` from a separate process, each sending
 * `rate` messages a second of `size` bytes, and resolves once all are open and sending.
 */
export async function startPacedLoad(options: { port: number; path: string; conns: number; rate: number; size?: number }): Promise<PacedLoad> {
  const { child, call } = await forkCommandChild("paced-load-child.ts");
  await call({ cmd: "start", ...options });
  return {
    pid: child.pid!,
    window: () => call<PacedLoadWindow>({ cmd: "window" }),
    stop: async () => {
      await call({ cmd: "stop" });
      const exited = new Promise((r) => child.once("exit", r));
      child.disconnect();
      await exited;
    },
  };
}
