/** A repeating timer from a Clock: `cancel` stops it. */
export interface Repeating {
  cancel(): void;
}

/**
 * The gateway's time: the one place code that reads the time or repeats work gets it from. The
 * Gateway owns one and hands it down, so tests drive time with their own instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
  /** Calls `fn` every `ms` until cancelled; never keeps the process alive on its own. */
  every(ms: number, fn: () => void): Repeating;
}

/** The real clock: `Date.now` and unref'd intervals. */
export const systemClock: Clock = {
  now: Date.now,
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return { cancel: () => clearInterval(timer) };
  },
};
