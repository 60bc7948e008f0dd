import type { Socket } from "node:net";
import { afterEach, beforeEach, vi } from "vitest";
import type { MessageLimits } from "@/gateway/policies/policy";
import { nativeRelay } from "@/gateway/tunnel/relay";
import type { RelayedConnection } from "@/gateway/tunnel/relay-types";
import { Tunnel, type TrafficCounters } from "@/gateway/tunnel/tunnel";
import { TunnelSweep } from "@/gateway/tunnel/tunnel-sweep";
import { ManualClock } from "@/tests/helpers/manual-clock";
import { ByteRecord } from "@/tests/helpers/raw-websocket";
import { closePayload, frame, OP, wholeFrames, type DecodedFrame } from "@/tests/helpers/ws-frames";
import { loopbackSocketPair } from "@/tests/helpers/socket-pair";

/**
 * The tunnel-limits tests' set-up: a Tunnel between two real loopback socket pairs, the test
 * playing the client and the backend with hand-made frames and recording every byte each
 * receives. The relay is the one GATEWAY_RELAY names (vitest.config.ts runs these files against
 * both): the JS Tunnel, or the native relay, handed the gateway-side sockets as the gateway hands them.
 */
export const relay = process.env.GATEWAY_RELAY === "js" ? null : nativeRelay();
if (process.env.GATEWAY_RELAY === "native" && relay === null) throw new Error("GATEWAY_RELAY=native but the native relay cannot be loaded");

const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

/** `n` bytes of a repeating pattern that `seed` shifts. */
export function pattern(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

/** A masked client frame / an unmasked backend frame. */
export const fromClient = (opcode: number, payload: Buffer | string = Buffer.alloc(0), fin = true) => frame({ opcode, payload, fin, mask: MASK });
export const fromBackend = (opcode: number, payload: Buffer | string = Buffer.alloc(0), fin = true) => frame({ opcode, payload, fin });

/** Limits with everything off but `overrides`. */
export function limits(overrides: Partial<MessageLimits>): MessageLimits {
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

const open: Socket[] = [];

/** Two connected loopback sockets (both allow half-open, as the gateway's do), destroyed after the test. */
export async function socketPair(): Promise<[Socket, Socket]> {
  const pair = await loopbackSocketPair();
  open.push(...pair);
  return pair;
}

export interface Harness {
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

/** The sweep's time: idle and duration tests move it on instead of sleeping. */
export interface TunnelTime {
  readonly clock: ManualClock;
  readonly sweep: TunnelSweep;
}

let clock: ManualClock;
let sweep: TunnelSweep;

/** Registers the per-test set-up (a fresh clock and sweep; sockets destroyed and real timers back after); call once per file. */
export function useTunnelFixture(): TunnelTime {
  beforeEach(() => {
    clock = new ManualClock();
    sweep = new TunnelSweep(clock);
  });

  afterEach(() => {
    for (const s of open.splice(0)) s.destroy();
    vi.useRealTimers();
  });

  return {
    get clock() {
      return clock;
    },
    get sweep() {
      return sweep;
    },
  };
}

/** Starts a tunnel with limits `l` (and the given head bytes) between a new client and backend. */
export async function startTunnel(l: MessageLimits | null, heads: { client?: Buffer; backend?: Buffer } = {}): Promise<Harness> {
  const [client, gatewayClient] = await socketPair();
  const [gatewayBackend, backend] = await socketPair();
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
export function framesIn(record: ByteRecord): DecodedFrame[] {
  return wholeFrames(record.bytes);
}

/** Polls `probe` every 5 ms until it gives a value, failing after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Waits until `record` holds a Close frame, then returns everything received up to and including it. */
export async function untilClose(record: ByteRecord, timeoutMs = 5000): Promise<Buffer> {
  await until("a Close frame", () => framesIn(record).some((f) => f.opcode === OP.close), timeoutMs);
  return record.bytes;
}

/** The client and the backend answer the gateway's Close and leave; resolves when the tunnel has ended. */
export async function finish(h: Harness): Promise<RelayedConnection> {
  h.client.write(fromClient(OP.close, closePayload(1000)));
  h.backend.end(fromBackend(OP.close, closePayload(1000)));
  h.client.end();
  return h.ended;
}

/** The Close frame a peer must receive from the gateway, in the form that side expects. */
export function closeFrameFor(side: "client" | "backend", code: number, reason: string): DecodedFrame {
  return { fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: OP.close, masked: side === "backend", payload: closePayload(code, reason), lengthBytes: 0 };
}

/** The fields of the connection's log row that say how it closed. */
export function closeLog(t: RelayedConnection): { closedBy: string | null; closeCode: number; closeReason: string } {
  return { closedBy: t.closedBy, closeCode: t.closeCode, closeReason: t.closeReason };
}
