/**
 * The bench's per-message machinery with real processes: the echo/push backend, the bare
 * `net` relay (NODE-PIPE) and the load client, forked as run.ts forks them, on loopback.
 * Short windows: this checks that the workloads measure something real, not how fast it is.
 */
import { fork, type ChildProcess } from "node:child_process";
import net from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientCommand, MessageWindowResult } from "../../bench/client-commands";

const benchDir = resolve(import.meta.dirname, "../../bench");
const started: ChildProcess[] = [];

function start<T>(file: string, args: string[] = []): Promise<{ proc: ChildProcess; first: T }> {
  const proc = fork(resolve(benchDir, file), args, { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  started.push(proc);
  return new Promise((resolveFirst, reject) => {
    proc.once("message", (m) => resolveFirst({ proc, first: m as T }));
    proc.once("exit", (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
  });
}

let backend: { proc: ChildProcess; first: { port: number } };
let pipe: { proc: ChildProcess; first: { port: number } };
let client: ChildProcess;
let nextId = 1;

function request(cmd: ClientCommand): Promise<MessageWindowResult> {
  const id = nextId++;
  return new Promise((resolveResult, reject) => {
    const onMessage = (m: { id?: number; result?: MessageWindowResult; error?: string }) => {
      if (m.id !== id) return;
      client.off("message", onMessage);
      if (m.error !== undefined) reject(new Error(m.error));
      else resolveResult(m.result!);
    };
    client.on("message", onMessage);
    client.send({ id, cmd });
  });
}

beforeAll(async () => {
  backend = await start<{ port: number }>("echo-server.ts");
  pipe = await start<{ port: number }>("node-pipe.ts", [String(backend.first.port)]);
  client = (await start<{ ready: true }>("load-client.ts")).proc;
}, 60_000);

afterAll(() => {
  for (const proc of started) proc.kill("SIGKILL");
});

const window = { warmupMs: 200, durationMs: 500 };

describe("the bench's per-message workloads", () => {
  it("echoes one message per write through the bare net relay and times each round trip", async () => {
    const r = await request({
      kind: "message-echo",
      target: { port: pipe.first.port, path: "/bench" },
      conns: 5,
      inflight: 3,
      size: 4096,
      ...window,
      pids: { proxy: [pipe.proc.pid!], backend: backend.proc.pid! },
    });
    expect(r.messages).toBeGreaterThan(0);
    expect(r.latencySamples).toBeGreaterThan(0);
    expect(r.p50!).toBeGreaterThan(0);
    expect(r.p99!).toBeGreaterThanOrEqual(r.p50!);
  }, 60_000);

  it("fans pushes out to every subscriber and times them from the backend's write, through the relay", async () => {
    const r = await request({
      kind: "fan-out",
      target: { port: pipe.first.port, path: "/bench" },
      backendPort: backend.first.port,
      conns: 20,
      rounds: 2,
      size: 64,
      ...window,
      pids: { proxy: [pipe.proc.pid!], backend: backend.proc.pid! },
    });
    // Rounds keep coming only when every connection got the last ones: many rounds, many pushes.
    expect(r.messages).toBeGreaterThan(20 * 10);
    expect(r.latencySamples).toBeGreaterThan(0);
    // The send time rides in the payload on the clock both processes share: a delivery takes well under 10 s.
    expect(r.p50!).toBeGreaterThan(0);
    expect(r.p99!).toBeLessThan(10_000_000);
  }, 60_000);

  it("refuses to start a push session nobody subscribed to, and says so", async () => {
    const answer = await new Promise<string>((resolveAnswer, reject) => {
      const socket = net.connect({ host: "127.0.0.1", port: backend.first.port }, () => socket.write("PUSH nobody 64 2\n"));
      let text = "";
      socket.on("data", (d: Buffer) => (text += d.toString()));
      socket.on("end", () => resolveAnswer(text));
      socket.on("error", reject);
    });
    expect(answer).toBe("ERROR no subscribers or bad command: PUSH nobody 64 2\n");
  });
});
