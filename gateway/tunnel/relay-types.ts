/**
 * What every relay (the JS Tunnel, the native relay) shares: the counters it feeds, the close
 * facts it reports and the connection the gateway holds for each relayed pair of sockets.
 */
import type { MessageLimits } from "../policies/policy";
import type { LogRow } from "../telemetry/telemetry-sink";
import type { TunnelSweep } from "./tunnel-sweep";

/** Traffic totals a relay adds to as bytes flow (one per API, read by telemetry). */
export interface TrafficCounters {
  messagesInbound: number;
  messagesOutbound: number;
  bytesInbound: number;
  bytesOutbound: number;
}

export type ClosedBy = "client" | "backend" | "gateway";

export interface TunnelOptions {
  /** How long after a Close (or a half-closed socket) the gateway waits before destroying sockets. */
  closeTimeoutMs: number;
  /**
   * What the message-level policies set (null, absent or all zero: none). Size and rate limits
   * switch that direction to the checking relay; idle and duration limits only register the
   * tunnel with the shared sweep. Without limits the relay is the plain one.
   */
  limits?: MessageLimits | null;
  /** The gateway's sweep, which enforces idle timeouts and maximum durations; needed when `limits` set one. */
  sweep?: TunnelSweep;
}

/** One client connection paired with one backend connection after both handshakes, whichever relay moves its bytes. */
export interface RelayedConnection {
  readonly startedAt: number;
  /** When both sockets were gone (0 before). */
  readonly endedAt: number;
  readonly bytesInbound: number;
  readonly bytesOutbound: number;
  readonly messagesInbound: number;
  readonly messagesOutbound: number;
  readonly closedBy: ClosedBy | null;
  readonly closeCode: number;
  readonly closeReason: string;
  /**
   * The connection's gateway log row (null in tests that relay without one). Close requests name
   * the connection by its id; a timer copies the counters into it while the connection is open.
   */
  logRow: LogRow | null;
  /** The log row's id, or null. */
  readonly logId: string | null;
  /** True once both sockets are gone. */
  readonly isEnded: boolean;
  /** Starts relaying; `clientHead`/`backendHead` are bytes read past each handshake. */
  start(clientHead: Buffer, backendHead: Buffer): void;
  /** Closes both sides with `code` and `reason` at frame boundaries. Idempotent. */
  close(code: number, reason: string): void;
  /** Destroys both sockets now (no Close frames). */
  destroy(): void;
}

export const RATE_LIMIT_REASON = "message rate limit exceeded";

/** The Close reason for a message over `limit` bytes (at most 123 bytes, as a Close reason must be). */
export function messageTooBigReason(limit: number): string {
  return `message too big: limit ${limit} bytes`;
}

/** A limit value as the relays use it: negative or absent counts as none (0). */
export function positive(n: number): number {
  return n > 0 ? n : 0;
}

/** One direction's size and rate limits, normalized (0 = none); null when neither is set. */
export function directionLimits(maxBytes: number, rate: { calls: number; periodMs: number } | null): { maxBytes: number; calls: number; periodMs: number } | null {
  const max = positive(maxBytes);
  const calls = rate !== null && rate.periodMs > 0 ? positive(rate.calls) : 0;
  if (max === 0 && calls === 0) return null;
  return { maxBytes: max, calls, periodMs: calls === 0 ? 0 : rate!.periodMs };
}
