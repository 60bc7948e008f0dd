/** The load client's batched workloads: throughput (up to `inflight` frames per write), ping-pong latency, idle connections, handshakes. */
import net from "node:net";
import type { HandshakesCommand, HandshakesResult, IdleOpenCommand, IdleOpenResult, LatencyCommand, LatencyResult, ThroughputCommand, ThroughputResult } from "./client-commands";
import { connectWebSocket, cpuSince, HANDSHAKE_TIMEOUT_MS, sampleCpu, sleep } from "./client-sockets";
import { CLIENT_ACCEPT, clientBinaryFrame, serverFrameLength, upgradeRequest } from "./ws-wire";

/** `conns` connections, each keeping `inflight` echoes outstanding; counts echoes in a window. */
export async function throughput(cmd: ThroughputCommand): Promise<ThroughputResult> {
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
  const cpu = cpuSince(cpu0, cmd.pids);
  const count1 = completed;
  const t1 = process.hrtime.bigint();
  running = false;
  for (const { socket } of connections) socket.destroy();
  if (broken) throw broken;
  return {
    echoes: count1 - count0,
    seconds: Number(t1 - t0) / 1e9,
    cpu,
  };
}

/** One connection, one message in flight: round-trip times in µs after a warm-up. */
export async function latency(cmd: LatencyCommand): Promise<LatencyResult> {
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

let idle: net.Socket[] = [];

/** Opens `n` idle WebSocket connections, `concurrency` handshakes at a time, and keeps them. */
export async function idleOpen(cmd: IdleOpenCommand): Promise<IdleOpenResult> {
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

export async function idleClose(): Promise<{ closed: number }> {
  const closed = idle.length;
  for (const socket of idle) socket.destroy();
  idle = [];
  return { closed };
}

/**
 * `concurrency` loops of: connect, send the upgrade request, wait for the response head, close
 * (destroy: the proxy then tears down its backend connection too). Counts the 101s in the window.
 */
export async function handshakes(cmd: HandshakesCommand): Promise<HandshakesResult> {
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
  const cpu = cpuSince(cpu0, cmd.pids);
  const count1 = completed;
  const t1 = process.hrtime.bigint();
  running = false;
  await Promise.all(loops);
  return {
    handshakes: count1 - count0,
    seconds: Number(t1 - t0) / 1e9,
    failed,
    firstError,
    cpu,
  };
}
