import net, { type AddressInfo, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MessageLimits } from "@/gateway/policies/policy";
import { nativeRelay } from "@/gateway/tunnel/relay";
import type { RelayedConnection } from "@/gateway/tunnel/relay-types";
import { messageTooBigReason, RATE_LIMIT_REASON, Tunnel, type TrafficCounters } from "@/gateway/tunnel/tunnel";
import { IDLE_TIMEOUT_REASON, MAX_DURATION_REASON, TunnelSweep } from "@/gateway/tunnel/tunnel-sweep";
import { ManualClock } from "@/tests/helpers/manual-clock";
import { ByteRecord, writeBytes } from "@/tests/helpers/raw-websocket";
import { closePayload, decodeFrames, frame, OP, type DecodedFrame } from "@/tests/helpers/ws-frames";

/**
 * A Tunnel between two real loopback socket pairs: the test plays the client and the backend
 * with hand-made frames and records every byte each receives. The relay is the one
 * GATEWAY_RELAY names (vitest.config.ts runs this file against both): the JS Tunnel, or the
 * native relay, handed the gateway-side sockets as the gateway hands them.
 */
const relay = process.env.GATEWAY_RELAY === "js" ? null : nativeRelay();
if (process.env.GATEWAY_RELAY === "native" && relay === null) throw new Error("GATEWAY_RELAY=native but the native relay cannot be loaded");

const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

function pattern(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

/** A masked client frame / an unmasked backend frame. */
const fromClient = (opcode: number, payload: Buffer | string = Buffer.alloc(0), fin = true) => frame({ opcode, payload, fin, mask: MASK });
const fromBackend = (opcode: number, payload: Buffer | string = Buffer.alloc(0), fin = true) => frame({ opcode, payload, fin });

function limits(overrides: Partial<MessageLimits>): MessageLimits {
  return {
    maxInboundMessageBytes: 0,
    maxOutboundMessageBytes: 0,
    inboundRate: null,
    outboundRate: null,
    idleTimeoutMs: 0,
    maxDurationMs: 0,
    ...overrides,
  };
}

/** Two connected loopback sockets (both allow half-open, as the gateway's do). */
async function socketPair(): Promise<[Socket, Socket]> {
  const server = net.createServer({ allowHalfOpen: true });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const accepted = new Promise<Socket>((resolve) => server.once("connection", resolve));
  const near = net.connect({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, allowHalfOpen: true });
  await new Promise<void>((resolve) => near.once("connect", resolve));
  const far = await accepted;
  server.close();
  return [near, far];
}

interface Harness {
  tunnel: RelayedConnection;
  counters: TrafficCounters;
  /** The test's client and backend peers. */
  client: Socket;
  backend: Socket;
  /** What each peer received through the tunnel. */
  clientGot: ByteRecord;
  backendGot: ByteRecord;
  ended: Promise<RelayedConnection>;
}

const open: Socket[] = [];
/** The sweep's time: idle and duration tests move it on instead of sleeping. */
let clock: ManualClock;
let sweep: TunnelSweep;

beforeEach(() => {
  clock = new ManualClock();
  sweep = new TunnelSweep(clock);
});

afterEach(() => {
  for (const s of open.splice(0)) s.destroy();
  vi.useRealTimers();
});

async function startTunnel(l: MessageLimits | null, heads: { client?: Buffer; backend?: Buffer } = {}): Promise<Harness> {
  const [client, gatewayClient] = await socketPair();
  const [gatewayBackend, backend] = await socketPair();
  open.push(client, gatewayClient, gatewayBackend, backend);
  const clientGot = new ByteRecord();
  const backendGot = new ByteRecord();
  for (const [peer, record] of [
    [client, clientGot],
    [backend, backendGot],
  ] as const) {
    peer.setNoDelay(true);
    peer.on("data", (chunk: Buffer) => record.push(chunk));
    peer.on("end", () => record.end());
    peer.on("error", () => {});
  }
  const counters: TrafficCounters = { messagesInbound: 0, messagesOutbound: 0, bytesInbound: 0, bytesOutbound: 0 };
  let resolveEnded!: (t: RelayedConnection) => void;
  const ended = new Promise<RelayedConnection>((resolve) => (resolveEnded = resolve));
  const options = { closeTimeoutMs: 2000, limits: l, sweep };
  const tunnel = relay !== null ? relay.create(gatewayClient, gatewayBackend, counters, options, resolveEnded) : new Tunnel(gatewayClient, gatewayBackend, counters, options, resolveEnded);
  tunnel.start(heads.client ?? Buffer.alloc(0), heads.backend ?? Buffer.alloc(0));
  return { tunnel, counters, client, backend, clientGot, backendGot, ended };
}

/** Every whole frame in `record` so far (an unfinished last frame is left out). */
function framesIn(record: ByteRecord): DecodedFrame[] {
  const bytes = record.bytes;
  for (let end = bytes.length; end >= 0; end--) {
    try {
      return decodeFrames(bytes.subarray(0, end));
    } catch {
      // an unfinished frame at the end: try a shorter prefix
    }
  }
  return [];
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Waits until `record` holds a Close frame, then returns everything received up to and including it. */
async function untilClose(record: ByteRecord, timeoutMs = 5000): Promise<Buffer> {
  await until("a Close frame", () => framesIn(record).some((f) => f.opcode === OP.close), timeoutMs);
  return record.bytes;
}

/** The client and the backend answer the gateway's Close and leave; resolves when the tunnel has ended. */
async function finish(h: Harness): Promise<RelayedConnection> {
  h.client.write(fromClient(OP.close, closePayload(1000)));
  h.backend.end(fromBackend(OP.close, closePayload(1000)));
  h.client.end();
  return h.ended;
}

/** The Close frame a peer must receive from the gateway, in the form that side expects. */
function closeFrameFor(side: "client" | "backend", code: number, reason: string): DecodedFrame {
  return { fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: OP.close, masked: side === "backend", payload: closePayload(code, reason), lengthBytes: 0 };
}

function closeLog(t: RelayedConnection): { closedBy: string | null; closeCode: number; closeReason: string } {
  return { closedBy: t.closedBy, closeCode: t.closeCode, closeReason: t.closeReason };
}

describe("Tunnel with limit-message-size, inbound", () => {
  const LIMIT = 1000;
  const tooBig = messageTooBigReason(LIMIT);

  it("relays a message of exactly the limit, then closes both sides with 1009 at limit + 1, the backend never receiving that payload", async () => {
    const h = await startTunnel(limits({ maxInboundMessageBytes: LIMIT }));
    const exact = fromClient(OP.binary, pattern(LIMIT));
    h.client.write(exact);
    await until("the exact-limit message", () => h.backendGot.bytes.length === exact.length);
    expect(h.backendGot.bytes).toEqual(exact);
    expect(h.clientGot.bytes.length).toBe(0);

    h.client.write(fromClient(OP.binary, pattern(LIMIT + 1, 9)));
    const backendBytes = await untilClose(h.backendGot);
    const clientBytes = await untilClose(h.clientGot);
    expect(tooBig).toBe("message too big: limit 1000 bytes");
    expect(decodeFrames(backendBytes.subarray(exact.length))).toEqual([closeFrameFor("backend", 1009, tooBig)]);
    expect(backendBytes.subarray(0, exact.length)).toEqual(exact);
    expect(decodeFrames(clientBytes)).toEqual([closeFrameFor("client", 1009, tooBig)]);
    expect(closeLog(h.tunnel)).toEqual({ closedBy: "gateway", closeCode: 1009, closeReason: tooBig });

    const t = await finish(h);
    expect(closeLog(t)).toEqual({ closedBy: "gateway", closeCode: 1009, closeReason: tooBig });
    expect([t.messagesInbound, h.counters.messagesInbound]).toEqual([1, 1]);
    // Nothing more reached the backend after the gateway's Close.
    expect(await h.backendGot.ended).toEqual(backendBytes);
  });

  it("forwards the messages before the oversized one in the same chunk and cuts exactly at its first byte", async () => {
    const h = await startTunnel(limits({ maxInboundMessageBytes: LIMIT }));
    const before = Buffer.concat([fromClient(OP.text, "a".repeat(10)), fromClient(OP.ping, "p"), fromClient(OP.binary, pattern(LIMIT))]);
    h.client.write(Buffer.concat([before, fromClient(OP.binary, pattern(5000)), fromClient(OP.text, "after")]));
    const backendBytes = await untilClose(h.backendGot);
    expect(backendBytes.subarray(0, before.length)).toEqual(before);
    expect(decodeFrames(backendBytes.subarray(before.length))).toEqual([closeFrameFor("backend", 1009, tooBig)]);
    expect(decodeFrames(await untilClose(h.clientGot))).toEqual([closeFrameFor("client", 1009, tooBig)]);
    const t = await finish(h);
    expect(t.messagesInbound).toBe(2);
  });

  it("closes when fragments with a ping between them add up past the limit, forwarding the fragments and pings before", async () => {
    const h = await startTunnel(limits({ maxInboundMessageBytes: 100 }));
    const allowed = Buffer.concat([
      fromClient(OP.text, "x".repeat(60), false),
      fromClient(OP.ping, "between"),
      fromClient(OP.continuation, "y".repeat(40), false), // 100 so far: still allowed
      fromClient(OP.pong),
    ]);
    h.client.write(allowed);
    await until("the allowed fragments", () => h.backendGot.bytes.length === allowed.length);
    h.client.write(fromClient(OP.continuation, "z", true)); // 101
    const backendBytes = await untilClose(h.backendGot);
    expect(backendBytes.subarray(0, allowed.length)).toEqual(allowed);
    expect(decodeFrames(backendBytes.subarray(allowed.length))).toEqual([closeFrameFor("backend", 1009, "message too big: limit 100 bytes")]);
    expect(decodeFrames(await untilClose(h.clientGot))).toEqual([closeFrameFor("client", 1009, "message too big: limit 100 bytes")]);
    const t = await finish(h);
    expect(t.messagesInbound).toBe(0);
  });

  it("relays a fragmented message of exactly the limit", async () => {
    const h = await startTunnel(limits({ maxInboundMessageBytes: 100 }));
    const message = Buffer.concat([fromClient(OP.binary, pattern(50), false), fromClient(OP.ping), fromClient(OP.continuation, pattern(50, 3))]);
    h.client.write(message);
    await until("the message", () => h.backendGot.bytes.length === message.length);
    expect(h.backendGot.bytes).toEqual(message);
    expect(h.tunnel.closedBy).toBe(null);
    expect(h.tunnel.messagesInbound).toBe(1);
  });

  it("enforces the limit exactly when every byte arrives in a chunk of its own, headers included", async () => {
    // 126 bytes and more use a 16-bit length: the header straddles several reads.
    const h = await startTunnel(limits({ maxInboundMessageBytes: 130 }));
    const exact = Buffer.concat([fromClient(OP.text, "q".repeat(130)), fromClient(OP.ping, "p")]);
    await writeBytes(h.client, Buffer.concat([exact, fromClient(OP.text, "r".repeat(131))]), "bytewise");
    const backendBytes = await untilClose(h.backendGot);
    expect(backendBytes.subarray(0, exact.length)).toEqual(exact);
    expect(decodeFrames(backendBytes.subarray(exact.length))).toEqual([closeFrameFor("backend", 1009, "message too big: limit 130 bytes")]);
    expect(decodeFrames(await untilClose(h.clientGot))).toEqual([closeFrameFor("client", 1009, "message too big: limit 130 bytes")]);
    const t = await finish(h);
    expect([t.messagesInbound, t.closeCode]).toEqual([1, 1009]);
  });

  it("does not limit the other direction", async () => {
    const h = await startTunnel(limits({ maxInboundMessageBytes: 10 }));
    const big = fromBackend(OP.binary, pattern(5000));
    h.backend.write(big);
    await until("the backend's big message", () => h.clientGot.bytes.length === big.length);
    expect(h.clientGot.bytes).toEqual(big);
    expect(h.tunnel.closedBy).toBe(null);
  });
});

describe("Tunnel with limit-message-size, outbound", () => {
  it("closes both sides with 1009 when the backend sends limit + 1 bytes, the client never receiving that payload", async () => {
    const h = await startTunnel(limits({ maxOutboundMessageBytes: 2048 }));
    const exact = fromBackend(OP.text, "o".repeat(2048));
    h.backend.write(Buffer.concat([exact, fromBackend(OP.binary, pattern(2049))]));
    const clientBytes = await untilClose(h.clientGot);
    expect(clientBytes.subarray(0, exact.length)).toEqual(exact);
    expect(decodeFrames(clientBytes.subarray(exact.length))).toEqual([closeFrameFor("client", 1009, "message too big: limit 2048 bytes")]);
    expect(decodeFrames(await untilClose(h.backendGot))).toEqual([closeFrameFor("backend", 1009, "message too big: limit 2048 bytes")]);
    const t = await finish(h);
    expect(closeLog(t)).toEqual({ closedBy: "gateway", closeCode: 1009, closeReason: "message too big: limit 2048 bytes" });
    expect([t.messagesOutbound, t.messagesInbound]).toEqual([1, 0]);
    // The backend's Close answer is not relayed: the client saw the gateway's Close only.
    expect(decodeFrames((await h.clientGot.ended).subarray(exact.length))).toEqual([closeFrameFor("client", 1009, "message too big: limit 2048 bytes")]);
  });

  it("waits for the end of the client's frame in flight before sending the backend its Close", async () => {
    const h = await startTunnel(limits({ maxOutboundMessageBytes: 10, maxInboundMessageBytes: 100_000 }));
    const inFlight = fromClient(OP.binary, pattern(3000));
    h.client.write(inFlight.subarray(0, 1000));
    await until("the first part of the client's frame", () => h.backendGot.bytes.length === 1000);
    h.backend.write(fromBackend(OP.text, "x".repeat(11)));
    expect(decodeFrames(await untilClose(h.clientGot))).toEqual([closeFrameFor("client", 1009, "message too big: limit 10 bytes")]);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.backendGot.bytes.length).toBe(1000); // no Close inside the frame
    h.client.write(inFlight.subarray(1000));
    const backendBytes = await untilClose(h.backendGot);
    expect(backendBytes.subarray(0, inFlight.length)).toEqual(inFlight);
    expect(decodeFrames(backendBytes.subarray(inFlight.length))).toEqual([closeFrameFor("backend", 1009, "message too big: limit 10 bytes")]);
    await finish(h);
  });
});

describe("Tunnel with rate-limit-messages", () => {
  it("relays N messages and closes both sides with 1008 at N + 1, which is not forwarded", async () => {
    const h = await startTunnel(limits({ inboundRate: { calls: 5, periodMs: 60_000 } }));
    const five = Buffer.concat(Array.from({ length: 5 }, (_, i) => fromClient(OP.text, `m${i}`)));
    h.client.write(five);
    await until("five messages", () => h.backendGot.bytes.length === five.length);
    h.client.write(fromClient(OP.text, "m5"));
    const backendBytes = await untilClose(h.backendGot);
    expect(backendBytes.subarray(0, five.length)).toEqual(five);
    expect(decodeFrames(backendBytes.subarray(five.length))).toEqual([closeFrameFor("backend", 1008, RATE_LIMIT_REASON)]);
    expect(decodeFrames(await untilClose(h.clientGot))).toEqual([closeFrameFor("client", 1008, RATE_LIMIT_REASON)]);
    const t = await finish(h);
    expect(closeLog(t)).toEqual({ closedBy: "gateway", closeCode: 1008, closeReason: "message rate limit exceeded" });
    expect(t.messagesInbound).toBe(5);
  });

  it("counts a fragmented message once and control frames not at all", async () => {
    const h = await startTunnel(limits({ inboundRate: { calls: 2, periodMs: 60_000 } }));
    const two = Buffer.concat([
      fromClient(OP.text, "a", false),
      fromClient(OP.ping),
      fromClient(OP.continuation, "b", false),
      fromClient(OP.continuation, "c"),
      fromClient(OP.pong),
      fromClient(OP.ping),
      fromClient(OP.binary, pattern(3)),
    ]);
    h.client.write(Buffer.concat([two, fromClient(OP.text, "third", false), fromClient(OP.continuation, "!")]));
    const backendBytes = await untilClose(h.backendGot);
    expect(backendBytes.subarray(0, two.length)).toEqual(two);
    expect(decodeFrames(backendBytes.subarray(two.length))).toEqual([closeFrameFor("backend", 1008, RATE_LIMIT_REASON)]);
    await finish(h);
  });

  it("allows N more messages once the period has passed", async () => {
    // The JS relay's rate window reads Date.now: only Date is faked, so sockets and their timers
    // stay real. The native relay's window runs on its thread's monotonic clock, which no fake
    // reaches: there the period really passes.
    const start = Date.now();
    if (relay === null) vi.setSystemTime(start);
    const h = await startTunnel(limits({ inboundRate: { calls: 3, periodMs: 300 } }));
    const three = Buffer.concat([fromClient(OP.text, "1"), fromClient(OP.text, "2"), fromClient(OP.text, "3")]);
    h.client.write(three);
    await until("the first three", () => h.backendGot.bytes.length === three.length);
    if (relay === null) vi.setSystemTime(start + 300);
    else await new Promise((resolve) => setTimeout(resolve, 300));
    h.client.write(three);
    await until("three more", () => h.backendGot.bytes.length === 2 * three.length);
    h.client.write(fromClient(OP.text, "4"));
    const backendBytes = await untilClose(h.backendGot);
    expect(decodeFrames(backendBytes.subarray(2 * three.length))).toEqual([closeFrameFor("backend", 1008, RATE_LIMIT_REASON)]);
    const t = await finish(h);
    expect(t.messagesInbound).toBe(6);
  });

  it("limits the backend's messages with an outbound rate, the client getting N", async () => {
    const h = await startTunnel(limits({ outboundRate: { calls: 4, periodMs: 60_000 }, inboundRate: null }));
    const four = Buffer.concat(Array.from({ length: 4 }, (_, i) => fromBackend(OP.binary, pattern(200, i))));
    await writeBytes(h.backend, Buffer.concat([four, fromBackend(OP.binary, pattern(200, 4))]).subarray(0, four.length + 5), "bytewise");
    const clientBytes = await untilClose(h.clientGot);
    expect(clientBytes.subarray(0, four.length)).toEqual(four);
    expect(decodeFrames(clientBytes.subarray(four.length))).toEqual([closeFrameFor("client", 1008, RATE_LIMIT_REASON)]);
    expect(decodeFrames(await untilClose(h.backendGot))).toEqual([closeFrameFor("backend", 1008, RATE_LIMIT_REASON)]);
    await finish(h);
  });
});

describe("Tunnel with idle-timeout and max-connection-duration", () => {
  it("closes both sides with 1001 after the idle period without data", async () => {
    const h = await startTunnel(limits({ idleTimeoutMs: 300 }));
    clock.advance(299);
    expect(h.tunnel.closedBy).toBe(null);
    clock.advance(1);
    const clientBytes = await untilClose(h.clientGot);
    expect(decodeFrames(clientBytes)).toEqual([closeFrameFor("client", 1001, "idle timeout")]);
    expect(decodeFrames(await untilClose(h.backendGot))).toEqual([closeFrameFor("backend", 1001, IDLE_TIMEOUT_REASON)]);
    const t = await finish(h);
    expect(closeLog(t)).toEqual({ closedBy: "gateway", closeCode: 1001, closeReason: "idle timeout" });
  });

  it("restarts the idle period with data in either direction", async () => {
    const h = await startTunnel(limits({ idleTimeoutMs: 300 }));
    const started = clock.now();
    let lastSent = 0;
    for (let i = 0; i < 8; i++) {
      const [from, to] = i % 2 === 0 ? [h.client, h.backendGot] : [h.backend, h.clientGot];
      const before = to.bytes.length;
      from.write(i % 2 === 0 ? fromClient(OP.text, "tick") : fromBackend(OP.text, "tock"));
      lastSent = clock.now();
      await until("the message through the tunnel", () => to.bytes.length > before);
      clock.advance(100);
    }
    expect(clock.now() - started).toBeGreaterThan(700);
    expect(h.tunnel.closedBy).toBe(null);
    while (h.tunnel.closedBy === null) clock.advance(10);
    const clientBytes = await untilClose(h.clientGot);
    expect(clock.now() - lastSent).toBeGreaterThanOrEqual(300);
    expect(framesIn({ bytes: clientBytes } as ByteRecord).map((f) => f.opcode)).toEqual([OP.text, OP.text, OP.text, OP.text, OP.close]);
    expect(closeLog(h.tunnel)).toEqual({ closedBy: "gateway", closeCode: 1001, closeReason: "idle timeout" });
    await finish(h);
  });

  it("closes with 1001 at the maximum duration however busy the connection is", async () => {
    const h = await startTunnel(limits({ maxDurationMs: 400, idleTimeoutMs: 60_000 }));
    const started = clock.now();
    const busy = fromClient(OP.text, "busy");
    while (h.tunnel.closedBy === null) {
      const before = h.backendGot.bytes.length;
      h.client.write(busy);
      await until("the message through the tunnel", () => h.backendGot.bytes.length > before);
      clock.advance(20);
    }
    const clientBytes = await untilClose(h.clientGot);
    expect(clock.now() - started).toBeGreaterThanOrEqual(400);
    expect(decodeFrames(clientBytes)).toEqual([closeFrameFor("client", 1001, "maximum connection duration reached")]);
    expect(framesIn(h.backendGot).at(-1)).toEqual(closeFrameFor("backend", 1001, MAX_DURATION_REASON));
    const t = await finish(h);
    expect(closeLog(t)).toEqual({ closedBy: "gateway", closeCode: 1001, closeReason: "maximum connection duration reached" });
  });

  it("sweeps every timed tunnel with one timer, stopped when the last one ends", async () => {
    expect(sweep.state).toEqual({ tunnels: 0, periodMs: null });
    const a = await startTunnel(limits({ idleTimeoutMs: 300_000 }));
    expect(sweep.state).toEqual({ tunnels: 1, periodMs: 1000 });
    const b = await startTunnel(limits({ maxDurationMs: 200 }));
    expect(sweep.state).toEqual({ tunnels: 2, periodMs: 50 });
    expect(clock.timerCount).toBe(1);
    const plain = await startTunnel(limits({ maxInboundMessageBytes: 10 }));
    expect(sweep.state.tunnels).toBe(2);
    clock.advance(200);
    await untilClose(b.clientGot);
    expect(sweep.state.tunnels).toBe(1);
    await finish(b);
    a.tunnel.close(1000, "done");
    expect(sweep.state).toEqual({ tunnels: 0, periodMs: null });
    expect(clock.timerCount).toBe(0);
    await finish(a);
    plain.tunnel.destroy();
  });
});

describe("Tunnel without limits", () => {
  it("takes the plain relay for null and for all-zero limits, and the limited one otherwise", async () => {
    for (const l of [null, limits({}), limits({ idleTimeoutMs: 1000 })]) {
      const h = await startTunnel(l);
      if (h.tunnel instanceof Tunnel) expect([h.tunnel.inbound.limiter, h.tunnel.outbound.limiter]).toEqual([null, null]);
      const big = fromClient(OP.binary, pattern(70_000));
      h.client.write(big);
      await until("the message", () => h.backendGot.bytes.length === big.length);
      expect(h.backendGot.bytes).toEqual(big);
      h.tunnel.destroy();
    }
    const limited = await startTunnel(limits({ outboundRate: { calls: 1, periodMs: 1000 } }));
    if (limited.tunnel instanceof Tunnel) expect([limited.tunnel.inbound.limiter, limited.tunnel.outbound.limiter !== null]).toEqual([null, true]);
    limited.tunnel.destroy();
  });

  it("accepts the old constructor options (no limits key)", async () => {
    const [c, gc] = await socketPair();
    const [gb, b] = await socketPair();
    open.push(c, gc, gb, b);
    const counters: TrafficCounters = { messagesInbound: 0, messagesOutbound: 0, bytesInbound: 0, bytesOutbound: 0 };
    const t = new Tunnel(gc, gb, counters, { closeTimeoutMs: 1000 }, () => {});
    t.start(fromClient(OP.text, "head"), Buffer.alloc(0));
    const got = new ByteRecord();
    b.on("data", (chunk: Buffer) => got.push(chunk));
    await until("the head", () => got.bytes.length === fromClient(OP.text, "head").length);
    expect(t.messagesInbound).toBe(1);
    t.destroy();
  });
});

describe("Tunnel.close with a header held back", () => {
  it("puts the gateway's Close before a frame whose header had only partly arrived, and drops that frame", async () => {
    const h = await startTunnel(limits({ maxInboundMessageBytes: 1000 }));
    const first = fromClient(OP.text, "whole");
    const next = fromClient(OP.binary, pattern(300));
    h.client.write(Buffer.concat([first, next.subarray(0, 3)])); // 3 of the 8 header bytes
    await until("the whole frame", () => h.backendGot.bytes.length === first.length);
    await new Promise((r) => setTimeout(r, 30));
    expect(h.backendGot.bytes).toEqual(first);
    h.tunnel.close(1001, "Gateway shutting down");
    const backendBytes = await untilClose(h.backendGot);
    expect(decodeFrames(backendBytes)).toEqual([decodeFrames(first)[0], closeFrameFor("backend", 1001, "Gateway shutting down")]);
    h.client.write(next.subarray(3));
    await finish(h);
    expect(await h.backendGot.ended).toEqual(backendBytes);
  });

  it("relays the head bytes read past the handshakes through the limits", async () => {
    const head = Buffer.concat([fromClient(OP.text, "ok"), fromClient(OP.text, "x".repeat(20))]);
    const h = await startTunnel(limits({ maxInboundMessageBytes: 10 }), { client: head });
    const backendBytes = await untilClose(h.backendGot);
    expect(decodeFrames(backendBytes)).toEqual([decodeFrames(fromClient(OP.text, "ok"))[0], closeFrameFor("backend", 1009, "message too big: limit 10 bytes")]);
    await finish(h);
  });
});

describe("messageTooBigReason", () => {
  it("fits a Close reason (123 bytes) for any safe limit", () => {
    expect(messageTooBigReason(65536)).toBe("message too big: limit 65536 bytes");
    expect(Buffer.byteLength(messageTooBigReason(Number.MAX_SAFE_INTEGER))).toBeLessThanOrEqual(123);
  });
});
