/**
 * Counters shared by every gateway and worker on one Redis (DESIGN.md §6, `REDIS_URL`), with
 * the semantics of MemoryCounterStore, call for call (tests/integration/gateway/
 * redis-counter-store.test.ts runs one table of cases against both).
 *
 * Each decision is one Lua script, so Redis runs the read, the decision and the write as one
 * step: concurrent handshakes on different gateways cannot both take the last slot. ioredis's
 * `defineCommand` sends a script's body once per connection and its SHA afterwards, and sends
 * the body again when Redis answers NOSCRIPT (after a restart).
 *
 * The scripts read the time from Redis (`TIME`), not from the gateway: the gateways' clocks
 * differ by milliseconds to seconds, and a sliding window whose stamps came from several
 * clocks would let calls through early or refuse them late. The `now` a policy passes is
 * ignored unless `clock: "caller"` (tests, which need exact boundaries).
 *
 * Rate limits: a sorted set of the counted calls' timestamps per key (unique members from a
 * per-key sequence), trimmed to the longest window the key was checked with and to its largest
 * limit, as the memory store's ring buffer is; a small hash beside it keeps those two and the
 * sequence. Quotas: one hash per key with the period's end, calls and bytes. Every key expires
 * when its window or period is over. Keys are `portcullis:rl:{…}` and `portcullis:q:{…}`;
 * a counter key longer than 200 characters (counter-key values are the caller's) is replaced by
 * its SHA-256. Unlike the memory store there is no cap on live keys (`maxKeys`): expiry bounds
 * them, and Redis's own `maxmemory` policy is the operator's. A policy with nested limits
 * (rate-limit or quota with `<api>`) checks all its keys, then counts in all: two scripts, so
 * two gateways may both pass the check at the last slot of one key; the count is atomic, so
 * that key refuses the second call, which may by then be counted in the policy's other keys:
 * an over-count by one in a race, never a call let past a limit.
 *
 * Redis away or slow: a dead Redis is not waited for at all, a hung one for at most `timeoutMs`.
 * The offline queue is off (a command while disconnected fails at once), connecting and every
 * command time out after `timeoutMs`, and the client reconnects by itself with backoff. Meanwhile each check counts an error
 * (`portcullis_counter_store_errors_total`) and lets the call through, or answers
 * `unavailable` (503) with `onError: "deny"`; the log says so once per outage, not per call.
 */
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { log } from "../log";
import type { CounterStore, QuotaLimit, QuotaResult, RateLimitResult } from "../policies/policy";

export interface RedisCounterStoreOptions {
  /** `redis://host:port` (or `rediss://`, with user, password and database as ioredis reads them). */
  url: string;
  /** What a check answers when Redis cannot: let the call through (default) or refuse it with 503. */
  onError?: "allow" | "deny";
  /** Called once per check Redis could not answer (the gateway's error counter). */
  countError?: () => void;
  /** Connect and command timeout in ms; default 500. */
  timeoutMs?: number;
  /** Whose clock decides: Redis's (default, one clock for every gateway) or the `now` passed in (tests). */
  clock?: "redis" | "caller";
}

/** Counter keys longer than this are hashed: Redis keys stay short whatever a counter-key expression yields. */
const MAX_RAW_KEY_LENGTH = 200;

/** Lua: the time in ms, from Redis unless the caller's `now` is given (ARGV[n] not empty). */
const NOW = `
local function now_ms(given)
  if given ~= '' then return tonumber(given) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function int(n) return string.format('%.0f', n) end
`;

/**
 * KEYS: stamps (sorted set), meta (hash: l = largest limit, w = longest window, s = sequence).
 * ARGV: limit, windowMs, now ('' = Redis time), increment.
 * Returns {allowed 0|1, remaining, retryAfterMs}. MemoryCounterStore.hit, step for step.
 */
const HIT = `${NOW}
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = now_ms(ARGV[3])
local increment = tonumber(ARGV[4])
local cost = math.max(1, increment)
local meta = redis.call('HMGET', KEYS[2], 'l', 'w')
local maxLimit = math.max(limit, tonumber(meta[1]) or 0)
local maxWindow = math.max(window, tonumber(meta[2]) or 0)
-- Stamps that left the longest window count for no limit of this key.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', int(now - maxWindow))
local size = redis.call('ZCARD', KEYS[1])
-- Stamps kept for a longer window than this call's do not count here.
local stale = 0
if window < maxWindow then stale = redis.call('ZCOUNT', KEYS[1], '-inf', int(now - window)) end
local used = size - stale
local result
if used + cost > limit then
  local need = used + cost - limit
  local retry = window
  if stale + need <= size then
    local at = redis.call('ZRANGE', KEYS[1], stale + need - 1, stale + need - 1, 'WITHSCORES')
    retry = math.max(1, tonumber(at[2]) + window - now)
  end
  result = {0, 0, retry}
else
  if increment > 0 then
    -- A clock that steps back must not put a stamp before the newest.
    local value = now
    local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
    if newest[2] then value = math.max(value, tonumber(newest[2])) end
    local last = redis.call('HINCRBY', KEYS[2], 's', increment)
    local score = int(value)
    local i = last - increment + 1
    while i <= last do
      local args = {}
      local upto = math.min(last, i + 199)
      for s = i, upto do
        args[#args + 1] = score
        args[#args + 1] = int(s)
      end
      redis.call('ZADD', KEYS[1], unpack(args))
      i = upto + 1
    end
    size = size + increment
    -- Keep no more stamps than the largest limit can need.
    if size > maxLimit then
      redis.call('ZREMRANGEBYRANK', KEYS[1], 0, size - maxLimit - 1)
      size = maxLimit
    end
  end
  result = {1, limit - used - math.max(0, increment), 0}
end
if size > 0 then
  local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  local ttl = math.max(1, tonumber(newest[2]) + maxWindow - now)
  redis.call('HSET', KEYS[2], 'l', int(maxLimit), 'w', int(maxWindow))
  redis.call('PEXPIRE', KEYS[1], int(ttl))
  redis.call('PEXPIRE', KEYS[2], int(ttl))
else
  redis.call('DEL', KEYS[1], KEYS[2])
end
return result
`;

/**
 * KEYS: period (hash: e = end in ms or 'inf', c = calls, b = bytes).
 * ARGV: limit calls, limit bytes, periodMs, anchorMs, now ('' = Redis time), calls, bytes.
 * Returns {allowed 0|1, exceeded 0 none|1 calls|2 bandwidth, renewsInMs (-1 = never)}.
 * MemoryCounterStore.quota, step for step.
 */
const QUOTA = `${NOW}
local limitCalls = tonumber(ARGV[1])
local limitBytes = tonumber(ARGV[2])
local periodMs = tonumber(ARGV[3])
local anchor = tonumber(ARGV[4])
local now = now_ms(ARGV[5])
local calls = tonumber(ARGV[6])
local bytes = tonumber(ARGV[7])
local p = redis.call('HMGET', KEYS[1], 'e', 'c', 'b')
local finish, usedCalls, usedBytes
if p[1] and (p[1] == 'inf' or now < tonumber(p[1])) then
  finish = p[1]
  usedCalls = tonumber(p[2]) or 0
  usedBytes = tonumber(p[3]) or 0
else
  if periodMs <= 0 then
    finish = 'inf'
  else
    finish = anchor + math.floor((now - anchor) / periodMs) * periodMs + periodMs
  end
  usedCalls = 0
  usedBytes = 0
end
local exceeded = 0
if limitCalls > 0 and usedCalls + math.max(1, calls) > limitCalls then exceeded = 1
elseif limitBytes > 0 and usedBytes >= limitBytes then exceeded = 2 end
if exceeded == 0 then usedCalls = usedCalls + math.max(0, calls) end
usedBytes = usedBytes + math.max(0, bytes)
local renews = -1
if finish ~= 'inf' then renews = tonumber(finish) - now end
if usedCalls > 0 or usedBytes > 0 then
  if finish == 'inf' then
    redis.call('HSET', KEYS[1], 'e', 'inf', 'c', int(usedCalls), 'b', int(usedBytes))
    redis.call('PERSIST', KEYS[1])
  else
    redis.call('HSET', KEYS[1], 'e', int(finish), 'c', int(usedCalls), 'b', int(usedBytes))
    redis.call('PEXPIRE', KEYS[1], int(math.max(1, renews)))
  end
else
  redis.call('DEL', KEYS[1])
end
local allowed = 0
if exceeded == 0 then allowed = 1 end
return {allowed, exceeded, renews}
`;

type HitReply = [number, number, number];
type QuotaReply = [number, number, number];

interface ScriptedRedis extends Redis {
  portcullisHit(stamps: string, meta: string, limit: number, windowMs: number, now: string, increment: number): Promise<HitReply>;
  portcullisQuota(period: string, calls: number, bytes: number, periodMs: number, anchorMs: number, now: string, callsNow: number, bytesNow: number): Promise<QuotaReply>;
}

const EXCEEDED = [null, "calls", "bandwidth"] as const;

/** A CounterStore on Redis: exact across every process that shares it. */
export class RedisCounterStore implements CounterStore {
  private readonly redis: ScriptedRedis;
  private readonly deny: boolean;
  private readonly countError: () => void;
  private readonly callerClock: boolean;
  /** Errors since the outage began; null while Redis answers. */
  private outage: { errors: number; since: number } | null = null;

  constructor(options: RedisCounterStoreOptions) {
    const timeoutMs = options.timeoutMs ?? 500;
    this.deny = options.onError === "deny";
    this.countError = options.countError ?? (() => {});
    this.callerClock = options.clock === "caller";
    this.redis = new Redis(options.url, {
      // A handshake never waits for a Redis that is not there: fail at once while disconnected...
      enableOfflineQueue: false,
      // ...and soon when it is connected but does not answer.
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      // A command caught by a dropped connection fails instead of being sent again later.
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      // Reconnect for ever, backing off to 2 s between attempts.
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
      connectionName: "portcullis-counters",
    }) as ScriptedRedis;
    this.redis.defineCommand("portcullisHit", { numberOfKeys: 2, lua: HIT });
    this.redis.defineCommand("portcullisQuota", { numberOfKeys: 1, lua: QUOTA });
    // Connection errors come as events (ioredis prints unhandled ones); the checks count their own.
    this.redis.on("error", (error: Error) => this.failed(error, false));
    this.redis.on("ready", () => this.recovered());
  }

  hit(key: string, limit: number, windowMs: number, now: number, increment: number): RateLimitResult | Promise<RateLimitResult> {
    if (this.redis.status !== "ready") return this.hitUnanswered(limit, new Error(`Redis connection is ${this.redis.status}`));
    const k = redisKey("rl", key);
    return this.redis.portcullisHit(k, `${k}:m`, limit, windowMs, this.callerClock ? String(now) : "", increment).then(
      ([allowed, remaining, retryAfterMs]): RateLimitResult => {
        if (this.outage !== null) this.recovered();
        return { allowed: allowed === 1, remaining, retryAfterMs };
      },
      (error: Error) => this.hitUnanswered(limit, error),
    );
  }

  quota(key: string, limit: QuotaLimit, now: number, calls: number, bytes: number): QuotaResult | Promise<QuotaResult> {
    if (this.redis.status !== "ready") return this.quotaUnanswered(new Error(`Redis connection is ${this.redis.status}`));
    const k = redisKey("q", key);
    return this.redis.portcullisQuota(k, limit.calls, limit.bytes, limit.periodMs, limit.anchorMs, this.callerClock ? String(now) : "", calls, bytes).then(
      ([allowed, exceeded, renewsInMs]): QuotaResult => {
        if (this.outage !== null) this.recovered();
        return { allowed: allowed === 1, exceeded: EXCEEDED[exceeded] ?? null, renewsInMs: renewsInMs < 0 ? Infinity : renewsInMs };
      },
      (error: Error) => this.quotaUnanswered(error),
    );
  }

  /** Resolves once connected to Redis, or after `timeoutMs` (never rejects: the caller goes on either way). */
  ready(timeoutMs = Infinity): Promise<void> {
    if (this.redis.status === "ready") return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off("ready", done);
        resolve();
      };
      const timer = Number.isFinite(timeoutMs) ? setTimeout(done, timeoutMs) : undefined;
      this.redis.once("ready", done);
    });
  }

  /** Closes the connection; later checks are answered as if Redis were away. */
  async close(): Promise<void> {
    this.redis.removeAllListeners("ready");
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private hitUnanswered(limit: number, error: Error): RateLimitResult {
    this.failed(error, true);
    // Nothing is known about the window: an allowed call reports the whole limit as remaining.
    return this.deny ? { allowed: false, remaining: 0, retryAfterMs: 0, unavailable: true } : { allowed: true, remaining: limit, retryAfterMs: 0 };
  }

  private quotaUnanswered(error: Error): QuotaResult {
    this.failed(error, true);
    return this.deny ? { allowed: false, exceeded: null, renewsInMs: 0, unavailable: true } : { allowed: true, exceeded: null, renewsInMs: 0 };
  }

  /** Counts a check Redis did not answer, and logs the first error of an outage. */
  private failed(error: Error, check: boolean): void {
    if (check) this.countError();
    if (this.outage !== null) {
      if (check) this.outage.errors++;
      return;
    }
    this.outage = { errors: check ? 1 : 0, since: Date.now() };
    log.warn(
      this.deny
        ? "counter store unavailable: handshakes under rate limits and quotas are refused with 503 until Redis answers (GATEWAY_COUNTERS_ON_ERROR=deny)"
        : "counter store unavailable: rate limits and quotas are not enforced until Redis answers (GATEWAY_COUNTERS_ON_ERROR=allow)",
      { error: error.message },
    );
  }

  private recovered(): void {
    if (this.outage === null) return;
    log.info("counter store available again", { checksUnanswered: this.outage.errors, outageMs: Date.now() - this.outage.since });
    this.outage = null;
  }
}

/**
 * The Redis key for a counter: readable when short; hashed when long, so a counter-key
 * expression over a header cannot make huge keys. `=` and `#` keep the two forms apart. The
 * braces make the stamps and their meta hash one Redis Cluster hash slot.
 */
export function redisKey(kind: "rl" | "q", key: string): string {
  const body = key.length <= MAX_RAW_KEY_LENGTH ? `=${key}` : `#${createHash("sha256").update(key).digest("base64url")}`;
  return `portcullis:${kind}:{${body}}`;
}
