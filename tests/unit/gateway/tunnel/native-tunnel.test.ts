import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { nativeRelay, nativeRelayError } from "@/gateway/tunnel/relay";
import type { RelayedConnection, TrafficCounters } from "@/gateway/tunnel/relay-types";
import type { NativeTunnel } from "@/gateway/tunnel/native-tunnel";
import { ByteRecord } from "@/tests/helpers/raw-websocket";
import { closePayload, frame, OP } from "@/tests/helpers/ws-frames";
import { loopbackSocketPair } from "@/tests/helpers/socket-pair";

/**
 * What only the native relay has: the handover of Node's sockets (nothing of them left in
 * libuv's epoll) and the tap. Over real loopback socket pairs, as the tunnel-limits tests
 * (tunnel-limits-fixture.ts).
 */

const MASK = Buffer.from([1, 2, 3, 4]);
const relay = nativeRelay();
const open: Socket[] = [];

afterEach(() => {
  for (const s of open.splice(0)) s.destroy();
});

async function socketPair(): Promise<[Socket, Socket]> {
  const pair = await loopbackSocketPair();
  open.push(...pair);
  return pair;
}

async function until(what: string, probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The socket inode behind a descriptor of this process. */
function inodeOf(fd: number): string {
  return /socket:\[(\d+)\]/.exec(readlinkSync(`/proc/self/fd/${fd}`))![1]!;
}

/** How many epoll instances of this process watch the socket with `inode` (libuv's and the relay's). */
function epollWatchers(inode: string): number {
  let n = 0;
  for (const fd of readdirSync("/proc/self/fd")) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed since the listing
    }
    if (target !== "anon_inode:[eventpoll]") continue;
    const info = readFileSync(`/proc/self/fdinfo/${fd}`, "utf8");
    for (const match of info.matchAll(/ino:([0-9a-f]+)/g)) if (BigInt(`0x${match[1]}`).toString() === inode) n++;
  }
  return n;
}

async function startNative(): Promise<{ tunnel: NativeTunnel; client: Socket; backend: Socket; gatewayClient: Socket; clientGot: ByteRecord; backendGot: ByteRecord; ended: Promise<RelayedConnection> }> {
  const [client, gatewayClient] = await socketPair();
  const [gatewayBackend, backend] = await socketPair();
  const clientGot = new ByteRecord();
  const backendGot = new ByteRecord();
  client.on("data", (c: Buffer) => clientGot.push(c));
  backend.on("data", (c: Buffer) => backendGot.push(c));
  const counters: TrafficCounters = { messagesInbound: 0, messagesOutbound: 0, bytesInbound: 0, bytesOutbound: 0 };
  let resolveEnded!: (t: RelayedConnection) => void;
  const ended = new Promise<RelayedConnection>((resolve) => (resolveEnded = resolve));
  const tunnel = relay!.create(gatewayClient, gatewayBackend, counters, { closeTimeoutMs: 2000 }, resolveEnded);
  return { tunnel, client, backend, gatewayClient, clientGot, backendGot, ended };
}

describe.skipIf(relay === null)(`the native relay${relay === null ? ` (not loaded: ${nativeRelayError()})` : ""}`, () => {
  it("takes the sockets over: Node's are destroyed and only the relay's epoll watches the connection", async () => {
    const h = await startNative();
    const fd = (h.gatewayClient as unknown as { _handle: { fd: number } })._handle.fd;
    const inode = inodeOf(fd);
    expect(epollWatchers(inode)).toBe(1); // libuv's, before the handover
    h.tunnel.start(Buffer.alloc(0), Buffer.alloc(0));
    expect(h.gatewayClient.destroyed).toBe(true);
    const hello = frame({ opcode: OP.text, payload: "after the handover", mask: MASK });
    h.client.write(hello);
    await until("the frame at the backend", () => h.backendGot.bytes.length === hello.length);
    expect(h.backendGot.bytes).toEqual(hello);
    await new Promise((r) => setImmediate(r));
    expect(epollWatchers(inode)).toBe(1); // the relay's, and libuv's is gone
    const close = frame({ opcode: OP.close, payload: closePayload(1000, "bye"), mask: MASK });
    h.client.end(close);
    h.backend.end();
    const t = await h.ended;
    expect([t.closedBy, t.closeCode, t.closeReason, t.messagesInbound, t.bytesInbound]).toEqual(["client", 1000, "bye", 1, hello.length + close.length]);
  });

  it("copies a tapped connection's bytes to the listener, each direction as read, and nothing once untapped", async () => {
    const h = await startNative();
    h.tunnel.start(Buffer.alloc(0), Buffer.alloc(0));
    const tapped: { inbound: Buffer[]; outbound: Buffer[] } = { inbound: [], outbound: [] };
    h.tunnel.tap((direction, bytes) => tapped[direction].push(bytes));
    const ask = frame({ opcode: OP.text, payload: "ping?", mask: MASK });
    const answer = frame({ opcode: OP.text, payload: "pong!" });
    // The tap is switched on by a command the relay thread applies in order: one round trip makes sure it has.
    h.client.write(ask);
    await until("the ask", () => h.backendGot.bytes.length === ask.length);
    h.backend.write(answer);
    await until("the answer", () => h.clientGot.bytes.length === answer.length);
    await until("the tapped answer", () => Buffer.concat(tapped.outbound).length === answer.length);
    expect(Buffer.concat(tapped.outbound)).toEqual(answer);
    h.tunnel.tap(null);
    const more = frame({ opcode: OP.binary, payload: Buffer.alloc(100, 7), mask: MASK });
    h.client.write(more);
    h.backend.write(answer);
    await until("the rest", () => h.backendGot.bytes.length === ask.length + more.length && h.clientGot.bytes.length === 2 * answer.length);
    const inboundSeen = Buffer.concat(tapped.inbound);
    expect(inboundSeen.equals(Buffer.alloc(0)) || inboundSeen.equals(ask)).toBe(true);
    expect(Buffer.concat(tapped.outbound)).toEqual(answer);
    h.tunnel.destroy();
    await h.ended;
  });
});
