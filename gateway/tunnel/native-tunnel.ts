/**
 * The native relay's connections: a NativeTunnel hands its two sockets' file descriptors to the
 * addon's epoll thread (gateway/relay-native) and destroys the JS sockets, so a relayed
 * connection costs the relay's few hundred bytes of state, not two streams. Counters are
 * read from memory the thread writes; the end facts arrive once, by callback.
 */
import type { Socket } from "node:net";
import { TLSSocket } from "node:tls";
import type { NativeRelay } from "./native-relay";
import type { LogRow } from "../telemetry/telemetry-sink";
import type { ClosedBy, RelayedConnection, TunnelOptions } from "./relay-types";
import { directionLimits, messageTooBigReason, positive, RATE_LIMIT_REASON } from "./relay-types";
import { type TunnelSweep, TunnelWatch } from "./tunnel-sweep";

/** closedBy as the addon numbers it (src/relay.h ClosedBy). */
export const CLOSED_BY: readonly (ClosedBy | null)[] = [null, "client", "backend", "gateway"];

/** Receives a tapped connection's bytes as read, per direction ("inbound" is client to backend). */
const EMPTY = Buffer.alloc(0);

export type TapListener = (direction: "inbound" | "outbound", bytes: Buffer) => void;

type NodeHandle = { fd?: number; readStop?: () => number };

/** The file descriptor under a plain TCP socket, or -1 (TLS, closed, not yet connected). */
export function fdOf(socket: Socket): number {
  if (socket instanceof TLSSocket || socket.destroyed) return -1;
  const fd = (socket as unknown as { _handle: NodeHandle | null })._handle?.fd;
  return typeof fd === "number" && fd >= 0 ? fd : -1;
}

/** Stops libuv reading `socket` and returns the bytes Node had read but nobody consumed. */
function stopReading(socket: Socket): Buffer | null {
  const handle = (socket as unknown as { _handle: NodeHandle | null })._handle;
  handle?.readStop?.();
  const chunks: Buffer[] = [];
  for (let chunk = socket.read() as Buffer | null; chunk !== null; chunk = socket.read() as Buffer | null) chunks.push(chunk);
  // read() may have asked libuv to read again: nothing runs between here and the handover.
  handle?.readStop?.();
  return chunks.length === 0 ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

function joined(head: Buffer, more: Buffer | null): Buffer {
  return more === null ? head : head.length === 0 ? more : Buffer.concat([head, more]);
}

/** A relayed connection whose bytes the native relay moves (the same contract as the JS Tunnel). */
export class NativeTunnel implements RelayedConnection {
  readonly startedAt = Date.now();
  endedAt = 0;
  /** The connection's gateway log row (RelayedConnection.logRow); close requests name it by its id. */
  logRow: LogRow | null = null;
  get logId(): string | null {
    return this.logRow === null ? null : this.logRow.id;
  }
  private ended = false;
  private handedOver = false;
  /** A close or destroy asked for before the handover (applied at it). */
  private requested: { code: number; reason: string } | null = null;
  private destroyRequested = false;
  private final: { closedBy: ClosedBy | null; code: number; reason: string; counts: [number, number, number, number] } | null = null;
  private watch: TunnelWatch | null = null;
  private readonly sweep: TunnelSweep | null;
  private tapListener: TapListener | null = null;
  private client: Socket | null;
  private backend: Socket | null;
  private readonly closeTimeoutMs: number;
  private readonly limits: Float64Array | null = null;

  constructor(
    private readonly relay: NativeRelay,
    readonly slot: number,
    readonly group: number,
    client: Socket,
    backend: Socket,
    options: TunnelOptions,
    private readonly onEnd: (t: NativeTunnel) => void,
  ) {
    this.client = client;
    this.backend = backend;
    this.closeTimeoutMs = options.closeTimeoutMs;
    this.sweep = options.sweep ?? null;
    const l = options.limits;
    if (l) {
      const inbound = directionLimits(l.maxInboundMessageBytes, l.inboundRate);
      const outbound = directionLimits(l.maxOutboundMessageBytes, l.outboundRate);
      if (inbound !== null || outbound !== null)
        this.limits = Float64Array.of(inbound?.maxBytes ?? 0, outbound?.maxBytes ?? 0, inbound?.calls ?? 0, inbound?.periodMs ?? 0, outbound?.calls ?? 0, outbound?.periodMs ?? 0);
      const idle = positive(l.idleTimeoutMs);
      const duration = positive(l.maxDurationMs);
      if (idle !== 0 || duration !== 0) {
        if (this.sweep === null) throw new Error("A tunnel with an idle timeout or a maximum duration needs the gateway's sweep.");
        this.watch = new TunnelWatch(this, idle, duration);
      }
    }
  }

  private count(field: number): number {
    return this.final !== null ? this.final.counts[field]! : this.relay.slots[this.slot * this.relay.slotWidth + field]!;
  }
  get bytesInbound(): number {
    return this.count(0);
  }
  get bytesOutbound(): number {
    return this.count(1);
  }
  get messagesInbound(): number {
    return this.count(2);
  }
  get messagesOutbound(): number {
    return this.count(3);
  }
  get closedBy(): ClosedBy | null {
    if (this.final !== null) return this.final.closedBy;
    const by = CLOSED_BY[this.relay.slots[this.slot * this.relay.slotWidth + 4]!] ?? null;
    return by ?? (this.requested !== null ? "gateway" : null);
  }
  /** The close recorded so far: the end facts' once ended, else what the relay thread published. */
  get closeCode(): number {
    if (this.final !== null) return this.final.code;
    const at = this.slot * this.relay.slotWidth;
    return this.relay.slots[at + 4] === 0 ? (this.requested?.code ?? 0) : this.relay.slots[at + 5]!;
  }
  /** A peer's Close reason is known at the end; the gateway's own reasons at once. */
  get closeReason(): string {
    if (this.final !== null) return this.final.reason;
    const at = this.slot * this.relay.slotWidth;
    if (this.relay.slots[at + 4] === 0) return this.requested?.reason ?? "";
    switch (this.relay.slots[at + 6]) {
      case 1:
        return this.requested?.reason ?? "";
      case 2:
        return messageTooBigReason(this.limits![0]!);
      case 3:
        return messageTooBigReason(this.limits![1]!);
      case 4:
        return RATE_LIMIT_REASON;
      default:
        return "";
    }
  }
  get isEnded(): boolean {
    return this.ended;
  }

  start(clientHead: Buffer, backendHead: Buffer): void {
    if (this.watch !== null) this.sweep!.watch(this.watch);
    const client = this.client!;
    const backend = this.backend!;
    // The 101 (or the backend request) may still be in Node's write queue: hand over once it is
    // out. An empty write's callback runs after every write before it ('drain' may never come).
    let waiting = 0;
    const ready = () => {
      if (--waiting === 0) this.handOver(clientHead, backendHead);
    };
    for (const socket of [client, backend]) {
      if (socket.writableLength === 0 || socket.destroyed) continue;
      waiting++;
      socket.write(EMPTY, ready);
    }
    if (waiting === 0) this.handOver(clientHead, backendHead);
  }

  private handOver(clientHead: Buffer, backendHead: Buffer): void {
    const client = this.client!;
    const backend = this.backend!;
    this.client = null;
    this.backend = null;
    const clientFd = fdOf(client);
    const backendFd = fdOf(backend);
    if (clientFd < 0 || backendFd < 0 || this.destroyRequested) {
      client.destroy();
      backend.destroy();
      return this.relay.abandon(this, clientFd < 0 || this.destroyRequested ? "client" : "backend");
    }
    const clientMore = stopReading(client);
    const backendMore = stopReading(backend);
    try {
      this.relay.add(this, clientFd, backendFd, this.limits, joined(clientHead, clientMore), joined(backendHead, backendMore), this.closeTimeoutMs);
    } catch {
      // dup() failed (out of descriptors): the connection cannot be relayed, and ends here.
      client.destroy();
      backend.destroy();
      return this.relay.abandon(this, "gateway");
    }
    this.handedOver = true;
    // The addon holds dup()s: closing Node's handles removes them from libuv's epoll and closes only Node's descriptors.
    client.destroy();
    backend.destroy();
    if (this.requested !== null) this.relay.close(this.slot, this.requested.code, this.requested.reason);
    if (this.tapListener !== null) this.relay.tap(this.slot, true);
  }

  close(code: number, reason: string): void {
    if (this.watch !== null) {
      this.sweep!.unwatch(this.watch);
      this.watch = null;
    }
    if (this.ended || this.requested !== null) return;
    this.requested = { code, reason };
    if (this.handedOver) this.relay.close(this.slot, code, reason);
  }

  destroy(): void {
    if (this.ended) return;
    if (this.handedOver) return this.relay.destroy(this.slot);
    this.destroyRequested = true;
    this.client?.destroy();
    this.backend?.destroy();
  }

  /**
   * Copies this connection's bytes, as read from each side, to `listener` (null stops). Only a
   * tapped connection costs anything: the relay thread checks one flag per read.
   */
  tap(listener: TapListener | null): void {
    this.tapListener = listener;
    if (this.handedOver && !this.ended) this.relay.tap(this.slot, listener !== null);
  }

  /** @internal Bytes the relay thread copied for the tap. */
  tapped(direction: "inbound" | "outbound", bytes: Buffer): void {
    this.tapListener?.(direction, bytes);
  }

  /** @internal The relay's end facts: both sockets are gone. */
  finish(closedBy: ClosedBy | null, code: number, reason: string, endedAt: number, counts: [number, number, number, number]): void {
    if (this.ended) return;
    this.ended = true;
    if (this.watch !== null) {
      this.sweep!.unwatch(this.watch);
      this.watch = null;
    }
    this.final = { closedBy, code, reason, counts };
    this.endedAt = endedAt;
    this.tapListener = null;
    this.onEnd(this);
  }
}
