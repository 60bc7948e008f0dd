/**
 * A paced message load, forked by paced-load.ts so it has a process (and a core share) of its
 * own: `conns` WebSocket connections through a proxy, each sending one small binary message
 * every 1000/`rate` ms (all paced by one clock, spread evenly), and timing each echo. Raw sockets and a
 * precomputed frame keep its own cost low. Commands arrive over IPC.
 */
import net from "node:net";
import { CLIENT_ACCEPT, clientBinaryFrame, serverFrameLength, upgradeRequest } from "../bench/ws-wire";

export interface PacedLoadCommand {
  cmd: "start" | "window" | "stop";
  port?: number;
  path?: string;
  conns?: number;
  rate?: number;
  size?: number;
}

/** Counts and echo latencies since the previous window. */
export interface PacedLoadWindow {
  sent: number;
  echoed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connections that ended while the load ran (should be 0). */
  lost: number;
}

interface Connection {
  socket: net.Socket;
  /** Send times of messages not echoed yet (echoes come back in order). */
  sentAt: number[];
  bytes: number;
}

/** The pacing clock's period: sends are spread at this granularity. */
const TICK_MS = 5;

const connections: Connection[] = [];
let timers: NodeJS.Timeout[] = [];
let latencies: number[] = [];
let sent = 0;
let echoed = 0;
let lost = 0;
let stopping = false;

function open(port: number, path: string, echoLength: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port, noDelay: true });
    let head: Buffer | null = Buffer.alloc(0);
    const conn: Connection = { socket, sentAt: [], bytes: 0 };
    const onData = (data: Buffer) => {
      let chunk: Buffer = data;
      if (head !== null) {
        const all: Buffer = Buffer.concat([head, chunk]);
        const end = all.indexOf("\r\n\r\n");
        if (end < 0) {
          head = all;
          return;
        }
        const text = all.toString("latin1", 0, end);
        if (!text.startsWith("HTTP/1.1 101") || !text.includes(CLIENT_ACCEPT)) return reject(new Error(`handshake refused: ${text.split("\r\n")[0]}`));
        chunk = all.subarray(end + 4);
        head = null;
        resolve(conn);
      }
      conn.bytes += chunk.length;
      const now = performance.now();
      while (conn.bytes >= echoLength && conn.sentAt.length > 0) {
        conn.bytes -= echoLength;
        latencies.push(now - conn.sentAt.shift()!);
        echoed++;
      }
    };
    socket.on("data", onData);
    socket.on("error", reject);
    socket.once("close", () => {
      if (!stopping) lost++;
    });
    socket.once("connect", () => socket.write(upgradeRequest(port, path)));
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

async function start(port: number, path: string, conns: number, rate: number, size: number): Promise<{ opened: number }> {
  const frame = clientBinaryFrame(size);
  const echoLength = serverFrameLength(size);
  // Opened in small groups: a burst of thousands of handshakes is not what is measured.
  for (let i = 0; i < conns; i += 50) {
    const group = await Promise.all(Array.from({ length: Math.min(50, conns - i) }, () => open(port, path, echoLength)));
    connections.push(...group);
  }
  // One clock for all: every TICK_MS, the messages due since the start go out, connection after
  // connection in turn, so each sends `rate` a second. (A timer per connection, 20,000 timer
  // callbacks a second at 2,000 x 10, cost this process more CPU than its writes, on the cores
  // it shares with the gateway.)
  const started = performance.now();
  const perMs = (conns * rate) / 1000;
  let next = 0;
  let due = 0;
  timers.push(
    setInterval(() => {
      const now = performance.now();
      const target = Math.floor((now - started) * perMs);
      for (; due < target; due++) {
        const conn = connections[next]!;
        next = next + 1 === connections.length ? 0 : next + 1;
        conn.sentAt.push(now);
        conn.socket.write(frame);
        sent++;
      }
    }, TICK_MS),
  );
  return { opened: connections.length };
}

function window(): PacedLoadWindow {
  const sorted = latencies.sort((a, b) => a - b);
  const result = { sent, echoed, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: sorted.at(-1) ?? 0, lost };
  latencies = [];
  sent = 0;
  echoed = 0;
  return result;
}

function stop(): { closed: number } {
  stopping = true;
  for (const t of timers) clearInterval(t);
  timers = [];
  for (const conn of connections) conn.socket.destroy();
  return { closed: connections.length };
}

process.on("message", (message: { id: number } & PacedLoadCommand) => {
  const run = async () => {
    switch (message.cmd) {
      case "start":
        return start(message.port!, message.path!, message.conns!, message.rate!, message.size ?? 16);
      case "window":
        return window();
      case "stop":
        return stop();
    }
  };
  run().then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: String(error) }),
  );
});
process.on("disconnect", () => process.exit(0));
process.send!({ ready: true });
