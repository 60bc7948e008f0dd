/**
 * The native relay's JS side: one addon relay per process (its epoll thread), the slots whose
 * counters that thread writes, the counter groups behind each API's totals, and the end and
 * tap callbacks routed to their NativeTunnel.
 */
import type { Socket } from "node:net";
import type { NativeRelayBinding, NativeRelayHandle } from "../relay-native/load";
import { CLOSED_BY, fdOf, NativeTunnel } from "./native-tunnel";
import type { ClosedBy, TrafficCounters, TunnelOptions } from "./relay-types";

/** Connections one relay can hold at once (reserved address space; only used slots cost memory). */
const SLOT_CAPACITY = 1 << 20;
/** Distinct counter groups (one per API's totals). */
const GROUP_CAPACITY = 1 << 16;
/** The traffic fields in the order of a counter group in the addon's groups array. */
const TRAFFIC_FIELDS = ["bytesInbound", "bytesOutbound", "messagesInbound", "messagesOutbound"] as const;

/** The addon's relay and the bookkeeping around it: slots, counter groups, end and tap callbacks. */
export class NativeRelay {
  private readonly handle: NativeRelayHandle;
  readonly slots: Float64Array;
  private readonly groups: Float64Array;
  readonly slotWidth: number;
  private readonly groupWidth: number;
  private readonly bySlot: (NativeTunnel | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;
  private readonly groupOf = new Map<TrafficCounters, number>();
  private groupCount = 0;

  constructor(binding: NativeRelayBinding) {
    this.handle = new binding.Relay(
      SLOT_CAPACITY,
      GROUP_CAPACITY,
      (slot, closedBy, code, reason, endedAt) => this.ended(slot, closedBy, code, reason, endedAt),
      (slot, direction, bytes) => this.bySlot[slot]?.tapped(direction === 0 ? "inbound" : "outbound", bytes),
    );
    this.slots = this.handle.slots;
    this.groups = this.handle.groups;
    this.slotWidth = binding.slotWidth;
    this.groupWidth = binding.groupWidth;
  }

  /** True when these sockets can be handed over: plain TCP on both sides, and room for one more. */
  canRelay(client: Socket, backend: Socket): boolean {
    return fdOf(client) >= 0 && fdOf(backend) >= 0 && (this.freeSlots.length > 0 || this.nextSlot < SLOT_CAPACITY) && this.groupFor(null) !== -1;
  }

  /** A tunnel for `client` and `backend`, relayed by the addon once `start` is called. */
  create(client: Socket, backend: Socket, counters: TrafficCounters, options: TunnelOptions, onEnd: (t: NativeTunnel) => void): NativeTunnel {
    const slot = this.freeSlots.pop() ?? this.nextSlot++;
    const base = slot * this.slotWidth;
    this.slots.fill(0, base, base + this.slotWidth);
    const tunnel = new NativeTunnel(this, slot, this.groupFor(counters), client, backend, options, onEnd);
    this.bySlot[slot] = tunnel;
    return tunnel;
  }

  /** Hands the sockets' descriptors (dup()ed by the addon) and early bytes to the relay thread. */
  add(t: NativeTunnel, clientFd: number, backendFd: number, limits: Float64Array | null, clientHead: Buffer, backendHead: Buffer, closeTimeoutMs: number): void {
    this.handle.add(clientFd, backendFd, t.slot, t.group, closeTimeoutMs, limits, clientHead, backendHead);
  }

  close(slot: number, code: number, reason: string): void {
    this.handle.close(slot, code, reason);
  }

  destroy(slot: number): void {
    this.handle.destroy(slot);
  }

  tap(slot: number, on: boolean): void {
    this.handle.tap(slot, on);
  }

  /** Ends a tunnel whose sockets were gone before the handover. */
  abandon(t: NativeTunnel, closedBy: ClosedBy): void {
    this.release(t.slot);
    t.finish(closedBy, 1006, "", Date.now(), [0, 0, 0, 0]);
  }

  private ended(slot: number, closedBy: number, code: number, reason: Buffer, endedAt: number): void {
    const t = this.bySlot[slot];
    if (t === undefined) return;
    const at = slot * this.slotWidth;
    const s = this.slots;
    const counts: [number, number, number, number] = [s[at]!, s[at + 1]!, s[at + 2]!, s[at + 3]!];
    this.release(slot);
    t.finish(CLOSED_BY[closedBy] ?? null, code, reason.toString("utf8"), endedAt, counts);
  }

  private release(slot: number): void {
    this.bySlot[slot] = undefined;
    this.freeSlots.push(slot);
  }

  /** The counter group of `counters` (-1 when none is left; null asks whether one is). */
  private groupFor(counters: TrafficCounters | null): number {
    if (counters === null) return this.groupCount < GROUP_CAPACITY ? 0 : -1;
    let g = this.groupOf.get(counters);
    if (g === undefined) {
      g = this.groupCount++;
      this.groupOf.set(counters, g);
      this.bindGroup(counters, g);
    }
    return g;
  }

  /**
   * Makes `counters`' four traffic fields read through to what the relay thread counts for group
   * `g`, so every reader (Prometheus, per-minute rows, a cluster's totals) sees them current
   * with no copying. Writes (the JS relay's TLS connections, resets) move a JS-side base,
   * measured against the thread's total as last read: `counters.x += n` reads, then writes, and
   * what the thread counted in between stays counted (against the total as it is at the write,
   * it would be lost).
   */
  private bindGroup(counters: TrafficCounters, g: number): void {
    const groups = this.groups;
    const at = g * this.groupWidth;
    TRAFFIC_FIELDS.forEach((name, f) => {
      let seen = groups[at + f]!;
      let base = counters[name] - seen;
      Object.defineProperty(counters, name, {
        configurable: true,
        enumerable: true,
        get: () => {
          seen = groups[at + f]!;
          return base + seen;
        },
        set: (value: number) => {
          base = value - seen;
        },
      });
    });
  }
}
