/**
 * Slows down password guessing. Every failed sign-in counts against the email and against the
 * caller's IP; after FREE_FAILURES failures in a row on either, the next try must wait, and the
 * wait doubles with each further failure (1 s, 2 s, 4 s … capped at MAX_DELAY_MS). A success
 * clears both counters. Tries made while waiting are refused without checking the password and
 * do not count.
 *
 * State is in memory, per portal process: a restart forgets it, and two portal processes keep
 * separate counts. That is enough for one self-hosted portal; several would need a shared store.
 */

/** Failures allowed in a row before the first delay. */
export const FREE_FAILURES = 5;
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 15 * 60_000;
/** A key with no failure for this long is forgotten. */
const FORGET_AFTER_MS = 60 * 60_000;
/** Bounds memory when someone sprays random emails. */
const MAX_KEYS = 10_000;

interface Entry {
  failures: number;
  lastFailureAt: number;
}

/** Whether a sign-in may go ahead now, or how long the caller must still wait. */
export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  /** May `email` sign in from `ip` at `now`? */
  check(email: string, ip: string, now = Date.now()): ThrottleDecision {
    let wait = 0;
    for (const key of keysFor(email, ip)) {
      const entry = this.live(key, now);
      if (entry) wait = Math.max(wait, entry.lastFailureAt + delayAfter(entry.failures) - now);
    }
    return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
  }

  /** Counts a wrong password (or an unknown email) against the email and the IP. */
  recordFailure(email: string, ip: string, now = Date.now()): void {
    for (const key of keysFor(email, ip)) {
      const entry = this.live(key, now);
      // Re-insert so the Map's order stays "least recently failed first" for eviction.
      this.entries.delete(key);
      this.entries.set(key, { failures: (entry?.failures ?? 0) + 1, lastFailureAt: now });
    }
    while (this.entries.size > MAX_KEYS) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** A successful sign-in: the run of failures is over. */
  recordSuccess(email: string, ip: string): void {
    for (const key of keysFor(email, ip)) this.entries.delete(key);
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.lastFailureAt >= FORGET_AFTER_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

/** How long after the last failure the next try must wait, given the failures so far. */
export function delayAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - FREE_FAILURES));
}

function keysFor(email: string, ip: string): [string, string] {
  return [`email:${email.trim().toLowerCase()}`, `ip:${ip}`];
}

/** The message a throttled caller sees. */
export function throttledMessage(retryAfterMs: number): string {
  const seconds = Math.ceil(retryAfterMs / 1000);
  const wait = seconds < 120 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many failed sign-in attempts. Wait ${wait} before trying again.`;
}

const holder = globalThis as typeof globalThis & { __portcullisLoginThrottle?: LoginThrottle };

/** The portal process's throttle (kept on globalThis so dev-mode module reloads share it). */
export function loginThrottle(): LoginThrottle {
  holder.__portcullisLoginThrottle ??= new LoginThrottle();
  return holder.__portcullisLoginThrottle;
}
