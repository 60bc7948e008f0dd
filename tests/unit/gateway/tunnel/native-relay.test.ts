import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import type { NativeRelayBinding, NativeRelayHandle } from "@/gateway/relay-native/load";
import { NativeRelay } from "@/gateway/tunnel/native-relay";
import type { TrafficCounters } from "@/gateway/tunnel/relay-types";

/**
 * An API's totals read through to the relay thread's counter group. The thread is stood in for
 * by writes to the group array, so the interleavings that matter can be laid out exactly.
 */

const SLOT_WIDTH = 8;
const GROUP_WIDTH = 4;

/** A binding whose relay owns plain arrays and does nothing else. */
function fakeBinding(): { binding: NativeRelayBinding; groups: () => Float64Array } {
  let handle: NativeRelayHandle | null = null;
  class Relay {
    readonly slots = new Float64Array(64 * SLOT_WIDTH);
    readonly groups = new Float64Array(16 * GROUP_WIDTH);
    constructor() {
      handle = this as unknown as NativeRelayHandle;
    }
    add(): void {}
    close(): void {}
    destroy(): void {}
    tap(): void {}
    stop(): void {}
  }
  return { binding: { Relay: Relay as unknown as NativeRelayBinding["Relay"], slotWidth: SLOT_WIDTH, groupWidth: GROUP_WIDTH, threadName: "pc-relay" }, groups: () => handle!.groups };
}

function totals(): TrafficCounters {
  return { bytesInbound: 5, bytesOutbound: 0, messagesInbound: 1, messagesOutbound: 0 };
}

function bound(): { counters: TrafficCounters; groups: Float64Array } {
  const { binding, groups } = fakeBinding();
  const relay = new NativeRelay(binding);
  const counters = totals();
  relay.create({} as Socket, {} as Socket, counters, { closeTimeoutMs: 1000, limits: null }, () => {});
  return { counters, groups: groups() };
}

describe("an API's totals over the native relay's counter group", () => {
  it("keep what they held and add what the relay thread counts", () => {
    const { counters, groups } = bound();
    expect(counters.bytesInbound).toBe(5);
    groups[0] = 100;
    groups[2] = 3;
    expect([counters.bytesInbound, counters.messagesInbound]).toEqual([105, 4]);
  });

  it("lose nothing the thread counts between the read and the write of a JS relay's +=", () => {
    const { counters, groups } = bound();
    groups[1] = 10;
    const read = counters.bytesOutbound; // a JS tunnel's `counters.bytesOutbound += 3`, read half
    groups[1] = 17; // the relay thread counts 7 more meanwhile
    counters.bytesOutbound = read + 3; // … write half
    expect(counters.bytesOutbound).toBe(10 + 7 + 3);
    groups[1] = 20;
    expect(counters.bytesOutbound).toBe(23);
  });

  it("start again from a value written to them, and count on from there", () => {
    const { counters, groups } = bound();
    groups[0] = 50;
    expect(counters.bytesInbound).toBe(55);
    counters.bytesInbound = 0;
    expect(counters.bytesInbound).toBe(0);
    groups[0] = 60;
    expect(counters.bytesInbound).toBe(10);
  });
});
