/** The load client's per-message workloads: echo with every message its own write, and the server-push fan-out. */
import net from "node:net";
import type { FanOutCommand, MessageEchoCommand, MessageWindowResult } from "./client-commands";
import { connectMany, LatencyRecorder, window } from "./client-sockets";
import { clientBinaryFrame, monotonicMicros, serverFrameLength, serverHeaderLength } from "./ws-wire";

/** Per-message echo: each message its own write(); round-trip times from a per-connection ring of send times. */
export async function messageEcho(cmd: MessageEchoCommand): Promise<MessageWindowResult> {
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
export async function fanOut(cmd: FanOutCommand): Promise<MessageWindowResult> {
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
