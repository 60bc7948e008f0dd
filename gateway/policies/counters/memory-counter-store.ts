/**
 * The gateway's counters when no shared store is configured (DESIGN.md §6): rate limits and
 * quotas of this process, in memory.
 *
 * Rate limits are exact sliding windows: each key keeps the timestamps of its counted calls in
 * a ring buffer that never holds more than `limit` of them (it grows as calls arrive, so a key
 * costs what it uses, at most `limit` numbers). A call is allowed when the calls of the last
 * `windowMs` plus its increment stay within `limit`, so N concurrent handshakes against
 * `calls="50"` let exactly 50 through. An approximate two-bucket window would be O(1) per key
 * but lets bursts past the count at a window boundary.
 *
 * Quotas are fixed periods aligned to an anchor: one counter of calls and bytes per key.
 *
 * Memory stays bounded: an entry whose window or period is over is dropped when next read and
 * by a sweep every `sweepIntervalMs`; past `maxKeys` entries (per kind) the least recently used
 * is evicted. Evicting a live entry forgets its count (that key starts again from zero), which
 * only happens when more than `maxKeys` distinct keys are live at once.
 */
import type { CounterStore, QuotaLimit, QuotaResult, RateLimitResult } from "../policy";

export interface MemoryCounterStoreOptions {
  /** Most live keys per kind (rate-limit windows, quota periods); default 100,000. */
  maxKeys?: number;
  /** How often expired entries are swept; 0 = never (tests call sweep()); default 60 s. */
  sweepIntervalMs?: number;
  /** The clock the sweep timer reads; default Date.now. */
  clock?: () => number;
}

/** The calls counted under one rate-limit key: timestamps, oldest first, in a ring buffer. */
interface Window {
  stamps: number[];
  /** Index of the oldest timestamp. */
  head: number;
  /** Timestamps held. */
  size: number;
  /**
   * The largest limit and longest window the key was checked with (one counter-key may serve
   * several policies). Deciding against a limit L needs only the newest L timestamps, and none
   * older than the longest window: the buffer keeps no more.
   */
  limit: number;
  windowMs: number;
}

/** One quota key's period and its usage. */
interface Period {
  start: number;
  /** When the period ends (Infinity for a lifetime quota). */
  end: number;
  calls: number;
  bytes: number;
}

/** An in-memory CounterStore; its answers are synchronous. */
export class MemoryCounterStore implements CounterStore {
  // Maps iterate in insertion order; a touched entry is re-inserted, so the first is the least recently used.
  private readonly windows = new Map<string, Window>();
  private readonly periods = new Map<string, Period>();
  private readonly maxKeys: number;
  private readonly timer: ReturnType<typeof setInterval> | null;

  constructor(options: MemoryCounterStoreOptions = {}) {
    this.maxKeys = Math.max(1, options.maxKeys ?? 100_000);
    const interval = options.sweepIntervalMs ?? 60_000;
    const clock = options.clock ?? Date.now;
    this.timer = interval > 0 ? setInterval(() => this.sweep(clock()), interval) : null;
    // The sweep alone must not keep the process alive.
    (this.timer as { unref?: () => void } | null)?.unref?.();
  }

  hit(key: string, limit: number, windowMs: number, now: number, increment: number): RateLimitResult {
    const cost = Math.max(1, increment);
    let window = this.windows.get(key);
    if (window === undefined) {
      if (cost > limit) return { allowed: false, remaining: 0, retryAfterMs: windowMs };
      if (increment <= 0) return { allowed: true, remaining: limit, retryAfterMs: 0 };
      window = { stamps: [], head: 0, size: 0, limit, windowMs };
    } else {
      this.windows.delete(key);
      window.limit = Math.max(window.limit, limit);
      window.windowMs = Math.max(window.windowMs, windowMs);
      expire(window, now - window.windowMs);
    }
    // Timestamps this key keeps for a longer window than this call's do not count here.
    const stale = windowMs < window.windowMs ? countAtOrBefore(window, now - windowMs) : 0;
    const used = window.size - stale;
    let result: RateLimitResult;
    if (used + cost > limit) {
      result = { allowed: false, remaining: 0, retryAfterMs: retryAfter(window, stale, used + cost - limit, windowMs, now) };
    } else {
      for (let i = 0; i < increment; i++) push(window, now);
      result = { allowed: true, remaining: limit - used - Math.max(0, increment), retryAfterMs: 0 };
    }
    if (window.size > 0) {
      this.windows.set(key, window);
      evictOldest(this.windows, this.maxKeys);
    }
    return result;
  }

  quota(key: string, limit: QuotaLimit, now: number, calls: number, bytes: number): QuotaResult {
    let period = this.periods.get(key);
    if (period !== undefined) this.periods.delete(key);
    if (period === undefined || now >= period.end) period = newPeriod(limit, now);
    let exceeded: QuotaResult["exceeded"] = null;
    if (limit.calls > 0 && period.calls + Math.max(1, calls) > limit.calls) exceeded = "calls";
    else if (limit.bytes > 0 && period.bytes >= limit.bytes) exceeded = "bandwidth";
    if (exceeded === null) period.calls += Math.max(0, calls);
    period.bytes += Math.max(0, bytes);
    if (period.calls > 0 || period.bytes > 0) {
      this.periods.set(key, period);
      evictOldest(this.periods, this.maxKeys);
    }
    return { allowed: exceeded === null, exceeded, renewsInMs: period.end - now };
  }

  /** Drops every entry whose window or period is over at `now`. */
  sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.size === 0 || newest(window) <= now - window.windowMs) this.windows.delete(key);
    }
    for (const [key, period] of this.periods) {
      if (now >= period.end) this.periods.delete(key);
    }
  }

  /** Live entries, for tests and metrics. */
  size(): { windows: number; periods: number } {
    return { windows: this.windows.size, periods: this.periods.size };
  }

  /** Stops the sweep timer. */
  close(): void {
    if (this.timer !== null) clearInterval(this.timer);
  }
}

/** Past `max` entries, drops the least recently used. */
function evictOldest(map: Map<string, unknown>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}

function at(window: Window, i: number): number {
  return window.stamps[(window.head + i) % window.stamps.length]!;
}

function newest(window: Window): number {
  return at(window, window.size - 1);
}

/** Drops the timestamps at or before `cutoff`: they left the longest window. */
function expire(window: Window, cutoff: number): void {
  while (window.size > 0 && at(window, 0) <= cutoff) {
    window.head = (window.head + 1) % window.stamps.length;
    window.size--;
  }
}

function countAtOrBefore(window: Window, cutoff: number): number {
  let n = 0;
  while (n < window.size && at(window, n) <= cutoff) n++;
  return n;
}

/** Appends `stamp`: grows the buffer up to the key's limit, then overwrites the oldest. */
function push(window: Window, stamp: number): void {
  // A clock that steps back must not break the buffer's order.
  const value = window.size > 0 ? Math.max(stamp, newest(window)) : stamp;
  const capacity = window.stamps.length;
  if (window.size === capacity && capacity < window.limit) {
    // Unroll the ring into a larger array; doubling keeps pushes O(1) amortised.
    const grown = new Array<number>(Math.min(window.limit, Math.max(4, capacity * 2)));
    for (let i = 0; i < window.size; i++) grown[i] = at(window, i);
    window.stamps = grown;
    window.head = 0;
  }
  if (window.size === window.stamps.length) {
    window.head = (window.head + 1) % window.stamps.length;
    window.size--;
  }
  window.stamps[(window.head + window.size) % window.stamps.length] = value;
  window.size++;
}

/**
 * ms until `need` more counted timestamps (after the `stale` oldest) have left a window of
 * `windowMs`. When the buffer cannot say (an increment larger than the limit), a whole window.
 */
function retryAfter(window: Window, stale: number, need: number, windowMs: number, now: number): number {
  if (stale + need > window.size) return windowMs;
  return Math.max(1, at(window, stale + need - 1) + windowMs - now);
}

function newPeriod(limit: QuotaLimit, now: number): Period {
  if (limit.periodMs <= 0) return { start: -Infinity, end: Infinity, calls: 0, bytes: 0 };
  const start = limit.anchorMs + Math.floor((now - limit.anchorMs) / limit.periodMs) * limit.periodMs;
  return { start, end: start + limit.periodMs, calls: 0, bytes: 0 };
}
