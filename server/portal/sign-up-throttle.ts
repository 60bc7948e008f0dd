/**
 * Slows down account creation from one address: at most MAX_ATTEMPTS sign-up attempts per IP
 * in a sliding window of WINDOW_MS. An attempt is any well-formed request (one that creates an
 * account, or one refused because the email is taken: that refusal tells whether an email has
 * an account, so it must not be free to repeat). Like the login throttle, state is in memory,
 * per portal process.
 */

export const SIGN_UP_MAX_ATTEMPTS = 10;
export const SIGN_UP_WINDOW_MS = 60 * 60_000;
/** Bounds memory when many addresses sign up. */
const MAX_KEYS = 10_000;

export type SignUpThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class SignUpThrottle {
  /** Per IP: the times of its attempts within the window, oldest first. */
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly maxAttempts = SIGN_UP_MAX_ATTEMPTS,
    private readonly windowMs = SIGN_UP_WINDOW_MS,
  ) {}

  /** May `ip` try to sign up at `now`? */
  check(ip: string, now = Date.now()): SignUpThrottleDecision {
    const times = this.live(ip, now);
    if (times.length < this.maxAttempts) return { allowed: true };
    return { allowed: false, retryAfterMs: times[0]! + this.windowMs - now };
  }

  /** Counts one attempt from `ip`. */
  record(ip: string, now = Date.now()): void {
    const times = this.live(ip, now);
    // Re-insert so the Map's order stays "least recently seen first" for eviction.
    this.attempts.delete(ip);
    this.attempts.set(ip, [...times, now]);
    while (this.attempts.size > MAX_KEYS) this.attempts.delete(this.attempts.keys().next().value as string);
  }

  private live(ip: string, now: number): number[] {
    return (this.attempts.get(ip) ?? []).filter((time) => now - time < this.windowMs);
  }
}

/** The message a throttled visitor sees. */
export function signUpThrottledMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many sign-up attempts from your network. Wait ${minutes} minute${minutes === 1 ? "" : "s"} before trying again.`;
}

const holder = globalThis as typeof globalThis & { __portcullisSignUpThrottle?: SignUpThrottle };

/** The portal process's sign-up throttle (on globalThis so dev-mode module reloads share it). */
export function signUpThrottle(): SignUpThrottle {
  holder.__portcullisSignUpThrottle ??= new SignUpThrottle();
  return holder.__portcullisSignUpThrottle;
}
