import { afterEach, describe, expect, it } from "vitest";
import { MemoryCounterStore } from "@/gateway/policies/counters/memory-counter-store";
import type { QuotaLimit } from "@/gateway/policies/policy";

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

describe("MemoryCounterStore.hit (sliding window)", () => {
  it("allows exactly `limit` calls in a window and refuses the next, counting down what remains", () => {
    const s = store();
    const remaining = [];
    for (let i = 0; i < 5; i++) {
      const r = s.hit("k", 5, 60_000, T0 + i * 1000, 1);
      expect(r.allowed).toBe(true);
      remaining.push(r.remaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    expect(s.hit("k", 5, 60_000, T0 + 5000, 1)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 55_000 });
  });

  it("says to retry when the oldest counted call leaves the window, and allows it exactly then", () => {
    const s = store();
    s.hit("k", 2, 10_000, T0, 1);
    s.hit("k", 2, 10_000, T0 + 4000, 1);
    expect(s.hit("k", 2, 10_000, T0 + 9999, 1)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1 });
    expect(s.hit("k", 2, 10_000, T0 + 10_000, 1).allowed).toBe(true);
    // Now the window holds T0+4000 and T0+10000: the next slot frees at T0+14000.
    expect(s.hit("k", 2, 10_000, T0 + 11_000, 1)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 3000 });
  });

  it("slides: refused calls are not counted, and calls free up one by one as they age out", () => {
    const s = store();
    for (let i = 0; i < 3; i++) s.hit("k", 3, 3000, T0 + i * 1000, 1);
    expect(s.hit("k", 3, 3000, T0 + 2500, 1).allowed).toBe(false);
    expect(s.hit("k", 3, 3000, T0 + 2999, 1).allowed).toBe(false);
    expect(s.hit("k", 3, 3000, T0 + 3000, 1)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    expect(s.hit("k", 3, 3000, T0 + 3500, 1).allowed).toBe(false);
    expect(s.hit("k", 3, 3000, T0 + 4000, 1).allowed).toBe(true);
    expect(s.hit("k", 3, 3000, T0 + 10_000, 1).remaining).toBe(2);
  });

  it("keeps keys apart", () => {
    const s = store();
    expect(s.hit("a", 1, 60_000, T0, 1).allowed).toBe(true);
    expect(s.hit("a", 1, 60_000, T0, 1).allowed).toBe(false);
    expect(s.hit("b", 1, 60_000, T0, 1).allowed).toBe(true);
  });

  it("with increment 0 only checks: it is refused over the limit but never counts", () => {
    const s = store();
    for (let i = 0; i < 10; i++) expect(s.hit("k", 2, 60_000, T0, 0)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    s.hit("k", 2, 60_000, T0, 1);
    s.hit("k", 2, 60_000, T0 + 1000, 1);
    expect(s.hit("k", 2, 60_000, T0 + 2000, 0)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 58_000 });
    expect(s.size().windows).toBe(1);
  });

  it("counts an increment of n as n calls and refuses it when fewer than n remain", () => {
    const s = store();
    expect(s.hit("k", 5, 60_000, T0, 3)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    expect(s.hit("k", 5, 60_000, T0 + 1000, 3)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 59_000 });
    expect(s.hit("k", 5, 60_000, T0 + 1000, 2).remaining).toBe(0);
    // Three of the five must leave: the third oldest stamp is T0 (all three came at T0).
    expect(s.hit("k", 5, 60_000, T0 + 2000, 3).retryAfterMs).toBe(58_000);
  });

  it("refuses an increment larger than the limit, saying to wait a whole window", () => {
    expect(store().hit("k", 2, 30_000, T0, 3)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 30_000 });
  });

  it("is exact for one key shared by a short and a long window", () => {
    const s = store();
    s.hit("k", 10, 300_000, T0, 1);
    s.hit("k", 10, 300_000, T0 + 1000, 1);
    // A 2-call/5s limit on the same key sees only the calls of its own window.
    expect(s.hit("k", 2, 5000, T0 + 10_000, 1)).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
    expect(s.hit("k", 2, 5000, T0 + 10_001, 1).remaining).toBe(0);
    expect(s.hit("k", 2, 5000, T0 + 10_002, 1)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 4998 });
    // The long window still counts all four.
    expect(s.hit("k", 10, 300_000, T0 + 10_003, 1).remaining).toBe(5);
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
  const hourly: QuotaLimit = { calls: 3, bytes: 0, periodMs: 3_600_000, anchorMs: 0 };

  it("allows `calls` per period, refuses the next with the time until the period ends, and renews", () => {
    const s = store();
    const start = 3_600_000 * 470_000; // an hour boundary
    for (let i = 0; i < 3; i++) expect(s.quota("k", hourly, start + i, 1, 0)).toEqual({ allowed: true, exceeded: null, renewsInMs: 3_600_000 - i });
    expect(s.quota("k", hourly, start + 600_000, 1, 0)).toEqual({ allowed: false, exceeded: "calls", renewsInMs: 3_000_000 });
    expect(s.quota("k", hourly, start + 3_599_999, 1, 0).allowed).toBe(false);
    expect(s.quota("k", hourly, start + 3_600_000, 1, 0)).toEqual({ allowed: true, exceeded: null, renewsInMs: 3_600_000 });
  });

  it("counts periods from the anchor", () => {
    const s = store();
    const limit: QuotaLimit = { calls: 1, bytes: 0, periodMs: 86_400_000, anchorMs: Date.parse("2024-01-01T06:00:00Z") };
    expect(s.quota("k", limit, Date.parse("2024-03-10T05:00:00Z"), 1, 0).renewsInMs).toBe(3_600_000);
    expect(s.quota("k", limit, Date.parse("2024-03-10T05:59:59Z"), 1, 0).allowed).toBe(false);
    expect(s.quota("k", limit, Date.parse("2024-03-10T06:00:00Z"), 1, 0).allowed).toBe(true);
  });

  it("never renews a lifetime quota (period 0)", () => {
    const s = store();
    const lifetime: QuotaLimit = { calls: 1, bytes: 0, periodMs: 0, anchorMs: 0 };
    expect(s.quota("k", lifetime, T0, 1, 0).allowed).toBe(true);
    expect(s.quota("k", lifetime, T0 + 10 * 365 * 86_400_000, 1, 0)).toEqual({ allowed: false, exceeded: "calls", renewsInMs: Infinity });
  });

  it("refuses on bytes once they reach the limit, and adds bytes reported after the fact", () => {
    const s = store();
    const limit: QuotaLimit = { calls: 0, bytes: 1024, periodMs: 3_600_000, anchorMs: 0 };
    expect(s.quota("k", limit, T0, 1, 0).allowed).toBe(true);
    s.quota("k", limit, T0 + 1, 0, 1024);
    expect(s.quota("k", limit, T0 + 2, 1, 0)).toMatchObject({ allowed: false, exceeded: "bandwidth" });
  });

  it("does not count a call with calls 0 but still refuses it when the quota is spent", () => {
    const s = store();
    const limit: QuotaLimit = { calls: 1, bytes: 0, periodMs: 3_600_000, anchorMs: 0 };
    expect(s.quota("k", limit, T0, 0, 0).allowed).toBe(true);
    expect(s.quota("k", limit, T0, 1, 0).allowed).toBe(true);
    expect(s.quota("k", limit, T0, 0, 0)).toMatchObject({ allowed: false, exceeded: "calls" });
  });
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

  it("sweeps on its own timer, reading its clock", async () => {
    let now = T0;
    const s = store({ sweepIntervalMs: 5, clock: () => now });
    s.hit("k", 1, 1000, T0, 1);
    now = T0 + 1000;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(s.size().windows).toBe(0);
  });
});
