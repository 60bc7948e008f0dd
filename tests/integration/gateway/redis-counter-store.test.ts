/**
 * RedisCounterStore against a real redis-server: the memory store's table of cases call for
 * call, exactness between two stores (two gateways) under concurrency, one clock (Redis's),
 * bounded keys that expire, and what happens while Redis is away.
 */
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { redisKey, RedisCounterStore, type RedisCounterStoreOptions } from "@/gateway/counters/redis-counter-store";
import type { QuotaLimit } from "@/gateway/policies/policy";
import { HIT_CASES, QUOTA_CASES } from "../../helpers/counter-store-cases";
import { waitFor } from "../../helpers/gateway-process";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server";

let redis: RedisServer;
let admin: Redis;
const stores: RedisCounterStore[] = [];

async function store(options: Partial<RedisCounterStoreOptions> = {}): Promise<RedisCounterStore> {
  const s = new RedisCounterStore({ url: redis.url, clock: "caller", ...options });
  stores.push(s);
  await s.ready();
  return s;
}

beforeAll(async () => {
  redis = await startRedisServer();
  admin = new Redis(redis.url, { lazyConnect: true });
  // Its reconnect attempts while a test has stopped Redis are expected.
  admin.on("error", () => {});
  await admin.connect();
});

afterAll(async () => {
  admin?.disconnect();
  await redis?.stop();
});

beforeEach(async () => {
  await admin.flushdb();
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe("RedisCounterStore.hit (sliding window), the memory store's cases", () => {
  for (const c of HIT_CASES) it(c.name, async () => c.run(await store()));
});

describe("RedisCounterStore.quota (fixed periods), the memory store's cases", () => {
  for (const c of QUOTA_CASES) it(c.name, async () => c.run(await store()));
});

const T0 = 1_700_000_000_000;

describe("RedisCounterStore shared by several gateways", () => {
  it("lets exactly 50 of 400 concurrent calls from two stores through one 50-call limit, each remaining count once", async () => {
    const [a, b] = [await store({ clock: "redis" }), await store({ clock: "redis" })];
    const results = await Promise.all(Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? a : b).hit("rate-limit-by-key|shared", 50, 60_000, 0, 1)));
    const allowed = results.filter((r) => r.allowed);
    expect(allowed).toHaveLength(50);
    expect(allowed.map((r) => r.remaining).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    for (const r of results.filter((r) => !r.allowed)) {
      expect(r.retryAfterMs).toBeGreaterThan(50_000);
      expect(r.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
  });

  it("counts a quota exactly across two stores under concurrency", async () => {
    const [a, b] = [await store({ clock: "redis" }), await store({ clock: "redis" })];
    const limit: QuotaLimit = { calls: 30, bytes: 0, periodMs: 3_600_000, anchorMs: 0 };
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).quota("quota-by-key|shared", limit, 0, 1, 0)));
    expect(results.filter((r) => r.allowed)).toHaveLength(30);
    expect(results.filter((r) => !r.allowed).every((r) => r.exceeded === "calls")).toBe(true);
  });

  it("decides by Redis's clock, whatever clock each gateway has", async () => {
    const [a, b] = [await store({ clock: "redis" }), await store({ clock: "redis" })];
    // Gateway a's clock is an hour behind, b's an hour ahead: by their own clocks b's call would be in a fresh window.
    expect((await a.hit("k", 1, 1000, Date.now() - 3_600_000, 1)).allowed).toBe(true);
    const refused = await b.hit("k", 1, 1000, Date.now() + 3_600_000, 1);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1000);
    // A quota's period ends where Redis's clock says: the next full hour (UTC).
    const hourly: QuotaLimit = { calls: 1, bytes: 0, periodMs: 3_600_000, anchorMs: 0 };
    const before = Date.now();
    const { renewsInMs } = await a.quota("q", hourly, 0, 1, 0);
    const expected = 3_600_000 - (before % 3_600_000);
    expect(Math.abs(renewsInMs - expected)).toBeLessThan(1000);
  });
});

describe("RedisCounterStore keys", () => {
  it("keeps no more stamps than the key's largest limit, and both keys vanish when the window is over", async () => {
    const s = await store({ clock: "redis" });
    for (let i = 0; i < 20; i++) await s.hit("k", 3, 300, 0, 1);
    await s.hit("k", 5, 250, 0, 0);
    const key = redisKey("rl", "k");
    expect(await admin.zcard(key)).toBeLessThanOrEqual(5);
    expect(await admin.hmget(`${key}:m`, "l", "w")).toEqual(["5", "300"]);
    const ttl = await admin.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    await waitFor(async () => (await admin.exists(key, `${key}:m`)) === 0, 3000);
  });

  it("stores nothing for a check (increment 0) or a refused first call", async () => {
    const s = await store();
    await s.hit("k", 2, 60_000, T0, 0);
    await s.hit("k", 2, 60_000, T0, 3);
    await s.quota("q", { calls: 1, bytes: 0, periodMs: 3_600_000, anchorMs: 0 }, T0, 0, 0);
    expect(await admin.dbsize()).toBe(0);
  });

  it("expires a quota's key when its period ends, and keeps a lifetime quota's", async () => {
    const s = await store();
    const start = 3_600_000 * 470_000;
    await s.quota("hourly", { calls: 5, bytes: 0, periodMs: 3_600_000, anchorMs: 0 }, start + 3_000_000, 1, 0);
    await s.quota("lifetime", { calls: 5, bytes: 0, periodMs: 0, anchorMs: 0 }, T0, 1, 0);
    // The README's key names: a quota's counter is portcullis:q:{…}.
    expect((await admin.keys("*")).sort()).toEqual(["portcullis:q:{=hourly}", "portcullis:q:{=lifetime}"]);
    const ttl = await admin.pttl(redisKey("q", "hourly"));
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    expect(await admin.pttl(redisKey("q", "lifetime"))).toBe(-1);
  });

  it("prefixes keys, keeps short ones readable and hashes long ones", async () => {
    const s = await store();
    const long = `rate-limit-by-key|${"x".repeat(5000)}`;
    expect((await s.hit(long, 1, 60_000, T0, 1)).allowed).toBe(true);
    expect((await s.hit(long, 1, 60_000, T0, 1)).allowed).toBe(false);
    await s.hit("rate-limit-by-key|203.0.113.7", 1, 60_000, T0, 1);
    const keys = (await admin.keys("*")).sort();
    expect(keys).toHaveLength(4);
    expect(keys).toContain("portcullis:rl:{=rate-limit-by-key|203.0.113.7}");
    expect(keys).toContain("portcullis:rl:{=rate-limit-by-key|203.0.113.7}:m");
    const hashed = keys.filter((k) => k.startsWith("portcullis:rl:{#"));
    expect(hashed).toHaveLength(2);
    expect(Math.max(...hashed.map((k) => k.length))).toBeLessThan(80);
  });
});

describe("RedisCounterStore while Redis is away", () => {
  // These stop the shared server; each brings it back.
  afterEach(async () => {
    if (!redis.isRunning()) await redis.restart();
    expect(await admin.ping()).toBe("PONG");
  });

  it("lets calls through at once and counts each unanswered check; answers exactly again once Redis is back", async () => {
    let errors = 0;
    const s = await store({ clock: "redis", countError: () => errors++ });
    expect((await s.hit("k", 1, 60_000, 0, 1)).allowed).toBe(true);
    await redis.stop({ kill: true });
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => s.hit("k", 1, 60_000, 0, 1)));
    const quota = await s.quota("q", { calls: 1, bytes: 0, periodMs: 3_600_000, anchorMs: 0 }, 0, 1, 0);
    expect(performance.now() - started).toBeLessThan(400);
    expect(answers.every((a) => a.allowed && a.remaining === 1 && a.unavailable === undefined)).toBe(true);
    expect(quota).toEqual({ allowed: true, exceeded: null, renewsInMs: 0 });
    expect(errors).toBe(21);
    // Redis comes back empty, on the same port: the client reconnects by itself, loads its scripts again and is exact.
    await redis.restart();
    await s.ready();
    expect(await s.hit("k", 1, 60_000, 0, 1)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    expect((await s.hit("k", 1, 60_000, 0, 1)).allowed).toBe(false);
    expect(errors).toBe(21);
  });

  it("answers `unavailable` (503) when set to deny", async () => {
    let errors = 0;
    const s = await store({ onError: "deny", countError: () => errors++ });
    await redis.stop({ kill: true });
    expect(await s.hit("k", 5, 60_000, T0, 1)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 0, unavailable: true });
    expect(await s.quota("q", { calls: 1, bytes: 0, periodMs: 3_600_000, anchorMs: 0 }, T0, 1, 0)).toEqual({
      allowed: false,
      exceeded: null,
      renewsInMs: 0,
      unavailable: true,
    });
    expect(errors).toBe(2);
  });

  it("gives up on a Redis that accepts the connection but does not answer, after the command timeout", async () => {
    let errors = 0;
    const s = await store({ timeoutMs: 300, countError: () => errors++ });
    const pid = Number((await admin.info("server")).match(/process_id:(\d+)/)![1]);
    process.kill(pid, "SIGSTOP");
    try {
      const started = performance.now();
      const answer = await s.hit("k", 5, 60_000, T0, 1);
      const waited = performance.now() - started;
      expect(answer).toEqual({ allowed: true, remaining: 5, retryAfterMs: 0 });
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(1500);
      expect(errors).toBe(1);
    } finally {
      process.kill(pid, "SIGCONT");
    }
  });
});
