import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryCounterStore } from "@/gateway/policies/counters/memory-counter-store";
import type { QuotaLimit } from "@/gateway/policies/policy";
import { HIT_CASES, QUOTA_CASES } from "../../../../helpers/counter-store-cases";

const T0 = 1_700_000_000_000;
const stores: MemoryCounterStore[] = [];
function store(options: ConstructorParameters<typeof MemoryCounterStore>[0] = {}): MemoryCounterStore {
  const s = new MemoryCounterStore({ sweepIntervalMs: 0, ...options });
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

// The behaviour every CounterStore shares (the Redis store's integration test runs the same table).
describe("MemoryCounterStore.hit (sliding window)", () => {
  for (const c of HIT_CASES) it(c.name, () => c.run(store()));

  it("stores nothing for a check (increment 0) and one window for a counted key", () => {
    const s = store();
    for (let i = 0; i < 10; i++) s.hit("k", 2, 60_000, T0, 0);
    expect(s.size().windows).toBe(0);
    s.hit("k", 2, 60_000, T0, 1);
    s.hit("k", 2, 60_000, T0 + 1000, 1);
    expect(s.hit("k", 2, 60_000, T0 + 2000, 0)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 58_000 });
    expect(s.size().windows).toBe(1);
  });

  it("holds no more timestamps than the key's largest limit, and no more than it was asked to count", () => {
    const s = store();
    const stamps = () => (s as unknown as { windows: Map<string, { stamps: number[] }> }).windows.get("k")!.stamps.length;
    // A long window registered on the key keeps old stamps alive; a short one keeps calling.
    s.hit("k", 5, 300_000, T0, 1);
    for (let i = 1; i <= 10_000; i++) expect(s.hit("k", 3, 1000, T0 + i * 400, 1).allowed).toBe(true);
    expect(stamps()).toBe(5);
    // A huge limit costs only what is used.
    s.hit("big", 1_000_000, 60_000, T0, 1);
    s.hit("big", 1_000_000, 60_000, T0, 1);
    expect((s as unknown as { windows: Map<string, { stamps: number[] }> }).windows.get("big")!.stamps.length).toBeLessThanOrEqual(4);
  });
});

describe("MemoryCounterStore.quota (fixed periods)", () => {
  for (const c of QUOTA_CASES) it(c.name, () => c.run(store()));
});

describe("MemoryCounterStore memory", () => {
  it("stays within maxKeys under a million distinct keys, evicting the least recently used", () => {
    const s = store({ maxKeys: 1000 });
    const limit: QuotaLimit = { calls: 5, bytes: 0, periodMs: 3_600_000, anchorMs: 0 };
    s.hit("hot", 10_000, 300_000, T0, 1);
    for (let i = 0; i < 1_000_000; i++) {
      s.hit(`ip-${i}`, 10, 300_000, T0, 1);
      s.quota(`ip-${i}`, limit, T0, 1, 0);
      // A key in use stays: it is touched again before it can become the least recently used.
      if (i % 500 === 0) s.hit("hot", 10_000, 300_000, T0, 1);
    }
    expect(s.size()).toEqual({ windows: 1000, periods: 1000 });
    expect(s.hit("hot", 10_000, 300_000, T0, 0).remaining).toBe(10_000 - 2001);
    // An evicted key starts again from zero.
    expect(s.hit("ip-0", 10, 300_000, T0, 0).remaining).toBe(10);
  }, 60_000);

  it("sweeps windows and periods that are over", () => {
    const s = store();
    const hourly: QuotaLimit = { calls: 5, bytes: 0, periodMs: 3_600_000, anchorMs: T0 };
    for (let i = 0; i < 100; i++) {
      s.hit(`short-${i}`, 5, 1000, T0, 1);
      s.hit(`long-${i}`, 5, 60_000, T0, 1);
      s.quota(`q-${i}`, hourly, T0, 1, 0);
    }
    s.sweep(T0 + 999);
    expect(s.size()).toEqual({ windows: 200, periods: 100 });
    s.sweep(T0 + 1000);
    expect(s.size()).toEqual({ windows: 100, periods: 100 });
    s.sweep(T0 + 3_600_000);
    expect(s.size()).toEqual({ windows: 0, periods: 0 });
  });

  it("sweeps on its own timer, reading its clock", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      let now = T0;
      const s = store({ sweepIntervalMs: 5, clock: () => now });
      s.hit("k", 1, 1000, T0, 1);
      now = T0 + 1000;
      vi.advanceTimersByTime(4);
      expect(s.size().windows).toBe(1);
      vi.advanceTimersByTime(1);
      expect(s.size().windows).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
