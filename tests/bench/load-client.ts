/**
 * The benchmark's load generator, forked by run.ts so that it has a process (and a core
 * share) of its own, apart from the backend. Raw sockets, handshake by hand, precomputed
 * frames; echoes are counted from byte totals (every frame on a run is the same size), so
 * the client spends next to nothing per message. Commands arrive over IPC (`{ id, cmd }`)
 * and are answered with `{ id, result }` or `{ id, error }`.
 */
import net from "node:net";
import { cpuMicros, cpuMicrosOf, machineBusyMicros } from "./proc-stats";
import { CLIENT_ACCEPT, clientBinaryFrame, monotonicMicros, serverFrameLength, serverHeaderLength, upgradeRequest } from "./ws-wire";

export interface Target {
  port: number;
  path: string;
}

/** Processes whose CPU time is read at the edges of a measurement window. */
export interface WatchedPids {
  proxy: number[];
  backend: number;
}

export interface ThroughputCommand {
  kind: "throughput";
  target: Target;
  conns: number;
  inflight: number;
  size: number;
  warmupMs: number;
  durationMs: number;
  pids: WatchedPids;
}

export interface ThroughputResult {
  echoes: number;
  seconds: number;
  /** CPU time in µs used during the window; `machine` is every process's (all cores). */
  cpu: CpuSample;
}

export interface CpuSample {
  proxy: number;
  backend: number;
  client: number;
  machine: number;
}

export interface LatencyCommand {
  kind: "latency";
  target: Target;
  size: number;
  warmupMs: number;
  durationMs: number;
}

export interface LatencyResult {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

export interface IdleOpenCommand {
  kind: "idle-open";
  target: Target;
  n: number;
  concurrency: number;
}

export interface IdleOpenResult {
  opened: number;
  failed: number;
  firstError: string | null;
  ms: number;
}

export interface IdleCloseCommand {
  kind: "idle-close";
}

export interface HandshakesCommand {
  kind: "handshakes";
  target: Target;
  /** Extra request headers (subscription key, Authorization). */
  headers: [string, string][];
  /** Handshakes in flight at once. */
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  pids: WatchedPids;
}

export interface HandshakesResult {
  /** 101 answers received in the window. */
  handshakes: number;
  seconds: number;
  /** Handshakes that did not end in a 101 (whole run, warm-up included). */
  failed: number;
  firstError: string | null;
  cpu: CpuSample;
}

/**
 * Per-message echo: `conns` connections, each keeping `inflight` echoes outstanding, and every
 * message sent with its own `write()` (as a WebSocket client's `send()` does), never batched.
 */
export interface MessageEchoCommand {
  kind: "message-echo";
  target: Target;
  conns: number;
  inflight: number;
  size: number;
  warmupMs: number;
  durationMs: number;
  pids: WatchedPids;
}

/**
 * Server-push fan-out: `conns` connections subscribe to a push session on the backend (through
 * the target), and a control connection straight to the backend (`backendPort`) starts it with
 * `rounds` broadcasts in flight; each round delivered to every connection releases the next.
 */
export interface FanOutCommand {
  kind: "fan-out";
  target: Target;
  backendPort: number;
  conns: number;
  rounds: number;
  size: number;
  warmupMs: number;
  durationMs: number;
  pids: WatchedPids;
}

/** A per-message window: messages (echo round trips, or pushes delivered) and their latency. */
export interface MessageWindowResult {
  messages: number;
  seconds: number;
  cpu: CpuSample;
  /** Round trip (echo) or backend write → client read (fan-out), µs; null without samples. */
  p50: number | null;
  p99: number | null;
  latencySamples: number;
}

export type ClientCommand = ThroughputCommand | LatencyCommand | IdleOpenCommand | IdleCloseCommand | HandshakesCommand | MessageEchoCommand | FanOutCommand;

const HANDSHAKE_TIMEOUT_MS = 15_000;

function noop(): void {}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Opens a TCP connection and does the WebSocket handshake. Resolves with the socket
 * paused (the caller attaches its reader, then resumes) and any bytes read past the 101.
 */
function connectWebSocket(target: Target): Promise<{ socket: net.Socket; rest: Buffer }> {
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

/** `conns` connections, each keeping `inflight` echoes outstanding; counts echoes in a window. */
async function throughput(cmd: ThroughputCommand): Promise<ThroughputResult> {
  const frame = clientBinaryFrame(cmd.size);
  const batch = Buffer.concat(Array.from({ length: cmd.inflight }, () => frame));
  const echoLength = serverFrameLength(cmd.size);
  const expectedFirstBytes = [0x82, cmd.size < 126 ? cmd.size : cmd.size < 0x10000 ? 126 : 127];
  const connections = await Promise.all(Array.from({ length: cmd.conns }, () => connectWebSocket(cmd.target)));
  let completed = 0;
  let running = true;
  let broken: Error | null = null;
  for (const { socket, rest } of connections) {
    let received = 0;
    let echoed = 0;
    const onData = (chunk: Buffer) => {
      if (received === 0 && (chunk[0] !== expectedFirstBytes[0] || (chunk.length > 1 && chunk[1] !== expectedFirstBytes[1]))) {
        broken ??= new Error(`unexpected first frame bytes ${chunk.subarray(0, 2).toString("hex")}`);
      }
      received += chunk.length;
      const done = Math.floor(received / echoLength);
      const k = done - echoed;
      if (k === 0) return;
      echoed = done;
      completed += k;
      if (running) socket.write(k === cmd.inflight ? batch : batch.subarray(0, k * frame.length));
    };
    socket.on("data", onData);
    socket.on("close", () => {
      if (running) broken ??= new Error("a connection closed during the run");
    });
    if (rest.length > 0) onData(rest);
    socket.resume();
    socket.write(batch);
  }
  await sleep(cmd.warmupMs);
  const cpu0 = sampleCpu(cmd.pids);
  const count0 = completed;
  const t0 = process.hrtime.bigint();
  await sleep(cmd.durationMs);
  const cpu1 = sampleCpu(cmd.pids);
  const count1 = completed;
  const t1 = process.hrtime.bigint();
  running = false;
  for (const { socket } of connections) socket.destroy();
  if (broken) throw broken;
  return {
    echoes: count1 - count0,
    seconds: Number(t1 - t0) / 1e9,
    cpu: { proxy: cpu1.proxy - cpu0.proxy, backend: cpu1.backend - cpu0.backend, client: cpu1.client - cpu0.client, machine: cpu1.machine - cpu0.machine },
  };
}

function sampleCpu(pids: WatchedPids): CpuSample {
  return { proxy: cpuMicrosOf(pids.proxy), backend: cpuMicros(pids.backend), client: cpuMicros(process.pid), machine: machineBusyMicros() };
}

/** One connection, one message in flight: round-trip times in µs after a warm-up. */
async function latency(cmd: LatencyCommand): Promise<LatencyResult> {
  const frame = clientBinaryFrame(cmd.size);
  const echoLength = serverFrameLength(cmd.size);
  const { socket, rest } = await connectWebSocket(cmd.target);
  const samples = new Float64Array(4_000_000);
  let n = 0;
  let recording = false;
  let stopped = false;
  let received = rest.length;
  let sentAt = 0n;
  const finished = new Promise<void>((resolve, reject) => {
    socket.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received < echoLength) return;
      const now = process.hrtime.bigint();
      received -= echoLength;
      if (recording && n < samples.length) samples[n++] = Number(now - sentAt) / 1000;
      if (stopped) return resolve();
      sentAt = process.hrtime.bigint();
      socket.write(frame);
    });
    socket.on("close", () => reject(new Error("the latency connection closed during the run")));
  });
  socket.resume();
  sentAt = process.hrtime.bigint();
  socket.write(frame);
  await sleep(cmd.warmupMs);
  recording = true;
  await sleep(cmd.durationMs);
  recording = false;
  stopped = true;
  await finished;
  socket.destroy();
  const sorted = samples.subarray(0, n).sort();
  const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * n))]!;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return { samples: n, p50: at(0.5), p90: at(0.9), p99: at(0.99), mean: sum / n };
}

/** Opens `n` WebSocket connections, at most `concurrency` handshakes at a time (kinder to listen backlogs). */
async function connectMany(target: Target, n: number, concurrency = 100): Promise<{ socket: net.Socket; rest: Buffer }[]> {
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
class LatencyRecorder {
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
async function window(warmupMs: number, durationMs: number, pids: WatchedPids, counter: () => number, latency: LatencyRecorder) {
  await sleep(warmupMs);
  const cpu0 = sampleCpu(pids);
  const count0 = counter();
  const t0 = process.hrtime.bigint();
  latency.recording = true;
  await sleep(durationMs);
  latency.recording = false;
  const cpu1 = sampleCpu(pids);
  const count1 = counter();
  const t1 = process.hrtime.bigint();
  return {
    messages: count1 - count0,
    seconds: Number(t1 - t0) / 1e9,
    cpu: { proxy: cpu1.proxy - cpu0.proxy, backend: cpu1.backend - cpu0.backend, client: cpu1.client - cpu0.client, machine: cpu1.machine - cpu0.machine },
  };
}

/** Per-message echo: each message its own write(); round-trip times from a per-connection ring of send times. */
async function messageEcho(cmd: MessageEchoCommand): Promise<MessageWindowResult> {
  const frame = clientBinaryFrame(cmd.size);
  const echoLength = serverFrameLength(cmd.size);
  const expectedFirstBytes = [0x82, cmd.size < 126 ? cmd.size : cmd.size < 0x10000 ? 126 : 127];
  const connections = await connectMany(cmd.target, cmd.conns);
  const latency = new LatencyRecorder();
  let completed = 0;
  let running = true;
  let broken: Error | null = null;
  const senders: ((now: number) => void)[] = [];
  for (const { socket, rest } of connections) {
    // Echoes come back in order, so the oldest send time is the one this echo answers.
    const sentAt = new Float64Array(cmd.inflight);
    let head = 0;
    let received = 0;
    let echoed = 0;
    const send = (now: number) => {
      sentAt[head] = now;
      head = (head + 1) % cmd.inflight;
      socket.write(frame);
    };
    senders.push(send);
    const onData = (chunk: Buffer) => {
      if (received === 0 && (chunk[0] !== expectedFirstBytes[0] || (chunk.length > 1 && chunk[1] !== expectedFirstBytes[1]))) {
        broken ??= new Error(`unexpected first frame bytes ${chunk.subarray(0, 2).toString("hex")}`);
      }
      received += chunk.length;
      const done = Math.floor(received / echoLength);
      const k = done - echoed;
      if (k === 0) return;
      const now = performance.now();
      // Every slot is in flight, so the oldest send (the one answered first) is at `head`.
      for (let i = 0; i < k; i++) latency.add((now - sentAt[(head + i) % cmd.inflight]!) * 1000);
      echoed = done;
      completed += k;
      if (running) for (let i = 0; i < k; i++) send(now);
    };
    socket.on("data", onData);
    socket.on("close", () => {
      if (running) broken ??= new Error("a connection closed during the run");
    });
    if (rest.length > 0) onData(rest);
    socket.resume();
  }
  // Every connection's first messages, each its own write, once all are connected.
  const start = performance.now();
  for (let i = 0; i < cmd.inflight; i++) for (const send of senders) send(start);
  const result = await window(cmd.warmupMs, cmd.durationMs, cmd.pids, () => completed, latency);
  running = false;
  for (const { socket } of connections) socket.destroy();
  if (broken) throw broken;
  return { ...result, ...latency.result() };
}

let pushSessions = 0;

/** Fan-out: counts pushes delivered; a round delivered to every connection acks one byte to the backend. */
async function fanOut(cmd: FanOutCommand): Promise<MessageWindowResult> {
  const session = `${process.pid}-${++pushSessions}`;
  const base = cmd.target.path.endsWith("/") ? cmd.target.path.slice(0, -1) : cmd.target.path;
  const connections = await connectMany({ port: cmd.target.port, path: `${base}/push?s=${session}` }, cmd.conns);
  const frameLength = serverFrameLength(cmd.size);
  const stampAt = serverHeaderLength(cmd.size);
  const latency = new LatencyRecorder();
  // Connections that have received round j (ring slot j % rounds): no connection is more than `rounds` rounds ahead.
  const got = new Int32Array(cmd.rounds);
  let delivered = 0;
  let running = true;
  let broken: Error | null = null;
  const control = net.connect({ host: "127.0.0.1", port: cmd.backendPort, noDelay: true });
  control.on("error", (error) => (broken ??= error));
  control.on("data", (d: Buffer) => (broken ??= new Error(`backend: ${d.toString().trim()}`)));
  const ack = Buffer.from("A");
  for (const { socket, rest } of connections) {
    let received = 0;
    const onData = (chunk: Buffer) => {
      const before = Math.floor(received / frameLength);
      // The first frame starting in this chunk, and each after it, if its send time is all here.
      let at = received % frameLength === 0 ? 0 : frameLength - (received % frameLength);
      if (latency.recording) {
        const now = monotonicMicros();
        for (; at + stampAt + 8 <= chunk.length; at += frameLength) latency.add(now - chunk.readDoubleLE(at + stampAt));
      }
      received += chunk.length;
      const after = Math.floor(received / frameLength);
      for (let j = before; j < after; j++) {
        const slot = j % cmd.rounds;
        if (++got[slot]! === cmd.conns) {
          got[slot] = 0;
          if (running) control.write(ack);
        }
      }
      delivered += after - before;
    };
    socket.on("data", onData);
    socket.on("close", () => {
      if (running) broken ??= new Error("a connection closed during the run");
    });
    if (rest.length > 0) onData(rest);
    socket.resume();
  }
  await new Promise<void>((resolve, reject) => {
    control.once("connect", resolve);
    control.once("error", reject);
  });
  control.write(`PUSH ${session} ${cmd.size} ${cmd.rounds}\n`);
  const result = await window(cmd.warmupMs, cmd.durationMs, cmd.pids, () => delivered, latency);
  running = false;
  control.destroy();
  for (const { socket } of connections) socket.destroy();
  if (broken) throw broken;
  return { ...result, ...latency.result() };
}

let idle: net.Socket[] = [];

/** Opens `n` idle WebSocket connections, `concurrency` handshakes at a time, and keeps them. */
async function idleOpen(cmd: IdleOpenCommand): Promise<IdleOpenResult> {
  const started = performance.now();
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const worker = async () => {
    while (next < cmd.n) {
      next++;
      try {
        const { socket } = await connectWebSocket(cmd.target);
        socket.resume();
        idle.push(socket);
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(cmd.concurrency, cmd.n) }, worker));
  return { opened: idle.length, failed, firstError, ms: performance.now() - started };
}

async function idleClose(): Promise<{ closed: number }> {
  const closed = idle.length;
  for (const socket of idle) socket.destroy();
  idle = [];
  return { closed };
}

/**
 * `concurrency` loops of: connect, send the upgrade request, wait for the response head, close
 * (destroy: the proxy then tears down its backend connection too). Counts the 101s in the window.
 */
async function handshakes(cmd: HandshakesCommand): Promise<HandshakesResult> {
  const request = upgradeRequest(cmd.target.port, cmd.target.path, cmd.headers);
  let completed = 0;
  let failed = 0;
  let firstError: string | null = null;
  let running = true;
  const once = () =>
    new Promise<void>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port: cmd.target.port, noDelay: true });
      let head = "";
      let done = false;
      const finish = (error: string | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        socket.destroy();
        if (error === null) completed++;
        else {
          failed++;
          firstError ??= error;
        }
        resolve();
      };
      const timer = setTimeout(() => finish("handshake timed out"), HANDSHAKE_TIMEOUT_MS);
      socket.once("connect", () => socket.write(request));
      socket.on("data", (chunk: Buffer) => {
        head += chunk.toString("latin1");
        const end = head.indexOf("\r\n\r\n");
        if (end < 0) return;
        const ok = head.startsWith("HTTP/1.1 101") && head.includes(CLIENT_ACCEPT);
        finish(ok ? null : `handshake refused: ${head.slice(0, head.indexOf("\r\n"))}`);
      });
      socket.on("error", (error) => finish(error.message));
      socket.on("close", () => finish("connection closed during the handshake"));
    });
  const loop = async () => {
    while (running) await once();
  };
  const loops = Array.from({ length: cmd.concurrency }, loop);
  await sleep(cmd.warmupMs);
  const cpu0 = sampleCpu(cmd.pids);
  const count0 = completed;
  const t0 = process.hrtime.bigint();
  await sleep(cmd.durationMs);
  const cpu1 = sampleCpu(cmd.pids);
  const count1 = completed;
  const t1 = process.hrtime.bigint();
  running = false;
  await Promise.all(loops);
  return {
    handshakes: count1 - count0,
    seconds: Number(t1 - t0) / 1e9,
    failed,
    firstError,
    cpu: { proxy: cpu1.proxy - cpu0.proxy, backend: cpu1.backend - cpu0.backend, client: cpu1.client - cpu0.client, machine: cpu1.machine - cpu0.machine },
  };
}

function run(cmd: ClientCommand): Promise<unknown> {
  switch (cmd.kind) {
    case "throughput":
      return throughput(cmd);
    case "latency":
      return latency(cmd);
    case "idle-open":
      return idleOpen(cmd);
    case "idle-close":
      return idleClose();
    case "handshakes":
      return handshakes(cmd);
    case "message-echo":
      return messageEcho(cmd);
    case "fan-out":
      return fanOut(cmd);
  }
}

process.on("message", (message: { id: number; cmd: ClientCommand }) => {
  run(message.cmd).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on("disconnect", () => process.exit(0));
process.send!({ ready: true });
