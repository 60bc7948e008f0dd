/** The load client's socket helpers: the hand-made WebSocket handshake, CPU readings and measurement windows. */
import net from "node:net";
import { addCpu, cpuMicros, machineBusyMicros, threadCpuMicros } from "./proc-stats";
import { CLIENT_ACCEPT, upgradeRequest } from "./ws-wire";
import type { CpuSample, Target, WatchedPids } from "./client-commands";

export const HANDSHAKE_TIMEOUT_MS = 15_000;

export function noop(): void {}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Opens a TCP connection and does the WebSocket handshake. Resolves with the socket
 * paused (the caller attaches its reader, then resumes) and any bytes read past the 101.
 */
export function connectWebSocket(target: Target): Promise<{ socket: net.Socket; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port: target.port, noDelay: true });
    let buffered: Buffer = Buffer.alloc(0);
    const fail = (error: Error) => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onError = (error: Error) => fail(error);
    const onClose = () => fail(new Error("connection closed during the handshake"));
    const timer = setTimeout(() => fail(new Error("handshake timed out")), HANDSHAKE_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = buffered.toString("latin1", 0, end);
      if (!head.startsWith("HTTP/1.1 101") || !head.includes(CLIENT_ACCEPT)) return fail(new Error(`handshake refused: ${head.split("\r\n")[0]}`));
      cleanup();
      socket.pause();
      socket.on("error", noop);
      resolve({ socket, rest: buffered.subarray(end + 4) });
    };
    const cleanup = () => {
      clearTimeout(timer);
      socket.removeListener("data", onData);
      socket.removeListener("error", onError);
      socket.removeListener("close", onClose);
    };
    socket.once("connect", () => socket.write(upgradeRequest(target.port, target.path)));
    socket.on("data", onData);
    socket.on("error", onError);
    socket.on("close", onClose);
  });
}

export function sampleCpu(pids: WatchedPids): CpuSample {
  // One reading per proxy process, so the split adds up to the total exactly.
  let proxy = 0;
  let proxyMain = 0;
  let proxyRelay = 0;
  for (const pid of pids.proxy) {
    const threads = threadCpuMicros(pid);
    proxy += threads.main + threads.relay + threads.other;
    proxyMain += threads.main;
    proxyRelay += threads.relay;
  }
  return { proxy, proxyMain, proxyRelay, backend: cpuMicros(pids.backend), client: cpuMicros(process.pid), machine: machineBusyMicros() };
}

/** The CPU used since `before`. */
export function cpuSince(before: CpuSample, pids: WatchedPids): CpuSample {
  return addCpu(sampleCpu(pids), before, -1);
}

/** Opens `n` WebSocket connections, at most `concurrency` handshakes at a time (kinder to listen backlogs). */
export async function connectMany(target: Target, n: number, concurrency = 100): Promise<{ socket: net.Socket; rest: Buffer }[]> {
  const out: { socket: net.Socket; rest: Buffer }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      out.push(await connectWebSocket(target));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  } catch (error) {
    for (const { socket } of out) socket.destroy();
    throw error;
  }
  return out;
}

/** Latency samples of one window, µs (kept up to a bound: enough for any percentile here). */
export class LatencyRecorder {
  private readonly samples = new Float64Array(2_000_000);
  private n = 0;
  recording = false;

  add(us: number): void {
    if (this.recording && this.n < this.samples.length) this.samples[this.n++] = us;
  }

  result(): { p50: number | null; p99: number | null; latencySamples: number } {
    const n = this.n;
    if (n === 0) return { p50: null, p99: null, latencySamples: 0 };
    const sorted = this.samples.subarray(0, n).sort();
    const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * n))]!;
    return { p50: at(0.5), p99: at(0.99), latencySamples: n };
  }
}

/** Waits out the warm-up, then counts `counter()` and the CPU over the window. */
export async function window(warmupMs: number, durationMs: number, pids: WatchedPids, counter: () => number, latency: LatencyRecorder) {
  await sleep(warmupMs);
  const cpu0 = sampleCpu(pids);
  const count0 = counter();
  const t0 = process.hrtime.bigint();
  latency.recording = true;
  await sleep(durationMs);
  latency.recording = false;
  const cpu = cpuSince(cpu0, pids);
  const count1 = counter();
  const t1 = process.hrtime.bigint();
  return { messages: count1 - count0, seconds: Number(t1 - t0) / 1e9, cpu };
}
