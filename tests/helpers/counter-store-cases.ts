/**
 * What every CounterStore must answer, call for call: the memory store's unit test and the Redis
 * store's integration test run this one table, so the two cannot drift apart. Each case gets a
 * fresh, empty store whose clock is the `now` passed in.
 */
import { expect } from "vitest";
import type { CounterStore, QuotaLimit } from "@/gateway/policies/policy";

export interface CounterStoreCase {
  name: string;
  run: (s: CounterStore) => Promise<void>;
}

const T0 = 1_700_000_000_000;

/** Sliding-window rate limits (CounterStore.hit). */
export const HIT_CASES: CounterStoreCase[] = [
  {
    name: "allows exactly `limit` calls in a window and refuses the next, counting down what remains",
    run: async (s) => {
      const remaining = [];
      for (let i = 0; i < 5; i++) {
        const r = await s.hit("k", 5, 60_000, T0 + i * 1000, 1);
        expect(r.allowed).toBe(true);
        remaining.push(r.remaining);
      }
      expect(remaining).toEqual([4, 3, 2, 1, 0]);
      expect(await s.hit("k", 5, 60_000, T0 + 5000, 1)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 55_000 });
    },
  },
  {
    name: "says to retry when the oldest counted call leaves the window, and allows it exactly then",
    run: async (s) => {
      await s.hit("k", 2, 10_000, T0, 1);
      await s.hit("k", 2, 10_000, T0 + 4000, 1);
      expect(await s.hit("k", 2, 10_000, T0 + 9999, 1)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1 });
      expect((await s.hit("k", 2, 10_000, T0 + 10_000, 1)).allowed).toBe(true);
      // Now the window holds T0+4000 and T0+10000: the next slot frees at T0+14000.
      expect(await s.hit("k", 2, 10_000, T0 + 11_000, 1)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 3000 });
    },
  },
  {
    name: "slides: refused calls are not counted, and calls free up one by one as they age out",
    run: async (s) => {
      for (let i = 0; i < 3; i++) await s.hit("k", 3, 3000, T0 + i * 1000, 1);
      expect((await s.hit("k", 3, 3000, T0 + 2500, 1)).allowed).toBe(false);
      expect((await s.hit("k", 3, 3000, T0 + 2999, 1)).allowed).toBe(false);
      expect(await s.hit("k", 3, 3000, T0 + 3000, 1)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
      expect((await s.hit("k", 3, 3000, T0 + 3500, 1)).allowed).toBe(false);
      expect((await s.hit("k", 3, 3000, T0 + 4000, 1)).allowed).toBe(true);
      expect((await s.hit("k", 3, 3000, T0 + 10_000, 1)).remaining).toBe(2);
    },
  },
  {
    name: "keeps keys apart",
    run: async (s) => {
      expect((await s.hit("a", 1, 60_000, T0, 1)).allowed).toBe(true);
      expect((await s.hit("a", 1, 60_000, T0, 1)).allowed).toBe(false);
      expect((await s.hit("b", 1, 60_000, T0, 1)).allowed).toBe(true);
    },
  },
  {
    name: "with increment 0 only checks: it is refused over the limit but never counts",
    run: async (s) => {
      for (let i = 0; i < 10; i++) expect(await s.hit("k", 2, 60_000, T0, 0)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
      await s.hit("k", 2, 60_000, T0, 1);
      await s.hit("k", 2, 60_000, T0 + 1000, 1);
      expect(await s.hit("k", 2, 60_000, T0 + 2000, 0)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 58_000 });
    },
  },
  {
    name: "counts an increment of n as n calls and refuses it when fewer than n remain",
    run: async (s) => {
      expect(await s.hit("k", 5, 60_000, T0, 3)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
      expect(await s.hit("k", 5, 60_000, T0 + 1000, 3)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 59_000 });
      expect((await s.hit("k", 5, 60_000, T0 + 1000, 2)).remaining).toBe(0);
      // Three of the five must leave: the third oldest stamp is T0 (all three came at T0).
      expect((await s.hit("k", 5, 60_000, T0 + 2000, 3)).retryAfterMs).toBe(58_000);
    },
  },
  {
    name: "counts a large increment (more stamps than one command carries) exactly",
    run: async (s) => {
      expect(await s.hit("k", 1000, 60_000, T0, 999)).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
      expect((await s.hit("k", 1000, 60_000, T0 + 1, 1)).remaining).toBe(0);
      expect(await s.hit("k", 1000, 60_000, T0 + 2, 1)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 59_998 });
    },
  },
  {
    name: "refuses an increment larger than the limit, saying to wait a whole window",
    run: async (s) => {
      expect(await s.hit("k", 2, 30_000, T0, 3)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 30_000 });
      // And it counted nothing.
      expect(await s.hit("k", 2, 30_000, T0, 2)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    },
  },
  {
    name: "is exact for one key shared by a short and a long window",
    run: async (s) => {
      await s.hit("k", 10, 300_000, T0, 1);
      await s.hit("k", 10, 300_000, T0 + 1000, 1);
      // A 2-call/5s limit on the same key sees only the calls of its own window.
      expect(await s.hit("k", 2, 5000, T0 + 10_000, 1)).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
      expect((await s.hit("k", 2, 5000, T0 + 10_001, 1)).remaining).toBe(0);
      expect(await s.hit("k", 2, 5000, T0 + 10_002, 1)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 4998 });
      // The long window still counts all four.
      expect((await s.hit("k", 10, 300_000, T0 + 10_003, 1)).remaining).toBe(5);
    },
  },
  {
    name: "keeps the stamps a larger limit on the same key needs when a smaller one keeps calling",
    run: async (s) => {
      await s.hit("k", 5, 300_000, T0, 1);
      for (let i = 1; i <= 50; i++) expect((await s.hit("k", 3, 1000, T0 + i * 400, 1)).allowed).toBe(true);
      // The 5-call limit sees its newest 5 stamps, all within 300 s: it is full.
      expect(await s.hit("k", 5, 300_000, T0 + 20_001, 1)).toMatchObject({ allowed: false, remaining: 0 });
    },
  },
  {
    name: "never lets a stamp go before the newest when the clock steps back",
    run: async (s) => {
      await s.hit("k", 2, 10_000, T0 + 5000, 1);
      // Counted at T0+5000, not T0: it leaves the window at T0+15000.
      await s.hit("k", 2, 10_000, T0, 1);
      expect(await s.hit("k", 2, 10_000, T0 + 14_000, 1)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1000 });
    },
  },
];

const hourly: QuotaLimit = { calls: 3, bytes: 0, periodMs: 3_600_000, anchorMs: 0 };

/** Fixed-period quotas (CounterStore.quota). */
export const QUOTA_CASES: CounterStoreCase[] = [
  {
    name: "allows `calls` per period, refuses the next with the time until the period ends, and renews",
    run: async (s) => {
      const start = 3_600_000 * 470_000; // an hour boundary
      for (let i = 0; i < 3; i++) expect(await s.quota("k", hourly, start + i, 1, 0)).toEqual({ allowed: true, exceeded: null, renewsInMs: 3_600_000 - i });
      expect(await s.quota("k", hourly, start + 600_000, 1, 0)).toEqual({ allowed: false, exceeded: "calls", renewsInMs: 3_000_000 });
      expect((await s.quota("k", hourly, start + 3_599_999, 1, 0)).allowed).toBe(false);
      expect(await s.quota("k", hourly, start + 3_600_000, 1, 0)).toEqual({ allowed: true, exceeded: null, renewsInMs: 3_600_000 });
    },
  },
  {
    name: "counts periods from the anchor",
    run: async (s) => {
      const limit: QuotaLimit = { calls: 1, bytes: 0, periodMs: 86_400_000, anchorMs: Date.parse("2024-01-01T06:00:00Z") };
      expect((await s.quota("k", limit, Date.parse("2024-03-10T05:00:00Z"), 1, 0)).renewsInMs).toBe(3_600_000);
      expect((await s.quota("k", limit, Date.parse("2024-03-10T05:59:59Z"), 1, 0)).allowed).toBe(false);
      expect((await s.quota("k", limit, Date.parse("2024-03-10T06:00:00Z"), 1, 0)).allowed).toBe(true);
    },
  },
  {
    name: "counts periods from an anchor long before 1970 (quota's default, 0001-01-01)",
    run: async (s) => {
      const limit: QuotaLimit = { calls: 1, bytes: 0, periodMs: 86_400_000, anchorMs: Date.parse("0001-01-01T00:00:00Z") };
      expect(await s.quota("k", limit, Date.parse("2030-06-15T18:00:00Z"), 1, 0)).toEqual({ allowed: true, exceeded: null, renewsInMs: 6 * 3_600_000 });
      expect((await s.quota("k", limit, Date.parse("2030-06-15T23:59:59.999Z"), 1, 0)).allowed).toBe(false);
      expect((await s.quota("k", limit, Date.parse("2030-06-16T00:00:00Z"), 1, 0)).allowed).toBe(true);
    },
  },
  {
    name: "never renews a lifetime quota (period 0)",
    run: async (s) => {
      const lifetime: QuotaLimit = { calls: 1, bytes: 0, periodMs: 0, anchorMs: 0 };
      expect(await s.quota("k", lifetime, T0, 1, 0)).toEqual({ allowed: true, exceeded: null, renewsInMs: Infinity });
      expect(await s.quota("k", lifetime, T0 + 10 * 365 * 86_400_000, 1, 0)).toEqual({ allowed: false, exceeded: "calls", renewsInMs: Infinity });
    },
  },
  {
    name: "refuses on bytes once they reach the limit, and adds bytes reported after the fact",
    run: async (s) => {
      const limit: QuotaLimit = { calls: 0, bytes: 1024, periodMs: 3_600_000, anchorMs: 0 };
      expect((await s.quota("k", limit, T0, 1, 0)).allowed).toBe(true);
      await s.quota("k", limit, T0 + 1, 0, 1024);
      expect(await s.quota("k", limit, T0 + 2, 1, 0)).toMatchObject({ allowed: false, exceeded: "bandwidth" });
    },
  },
  {
    name: "does not count a call with calls 0 but still refuses it when the quota is spent",
    run: async (s) => {
      const limit: QuotaLimit = { calls: 1, bytes: 0, periodMs: 3_600_000, anchorMs: 0 };
      expect((await s.quota("k", limit, T0, 0, 0)).allowed).toBe(true);
      expect((await s.quota("k", limit, T0, 1, 0)).allowed).toBe(true);
      expect(await s.quota("k", limit, T0, 0, 0)).toMatchObject({ allowed: false, exceeded: "calls" });
    },
  },
  {
    name: "keeps quota keys apart from each other and from rate-limit keys of the same name",
    run: async (s) => {
      const limit: QuotaLimit = { calls: 1, bytes: 0, periodMs: 3_600_000, anchorMs: 0 };
      expect((await s.quota("a", limit, T0, 1, 0)).allowed).toBe(true);
      expect((await s.quota("a", limit, T0, 1, 0)).allowed).toBe(false);
      expect((await s.quota("b", limit, T0, 1, 0)).allowed).toBe(true);
      expect((await s.hit("a", 1, 60_000, T0, 1)).allowed).toBe(true);
    },
  },
];
