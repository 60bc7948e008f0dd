/** Retry delays for talking to the portal: 1 s doubling to 30 s, with jitter. */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** Returns a number in [0, 1); handed in so tests can pin the jitter. */
  random?: () => number;
}

/**
 * "Equal jitter" exponential backoff: each delay is half the doubled step plus a random part
 * of the other half, so many gateways that lost the same portal do not come back in lockstep,
 * yet none retries sooner than half its step.
 */
export class Backoff {
  private failures = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1_000;
    this.maxMs = options.maxMs ?? 30_000;
    this.random = options.random ?? Math.random;
  }

  /** Failures in a row since the last success. */
  get attempts(): number {
    return this.failures;
  }

  /** Records a failure and returns how long to wait before the next try. */
  fail(): number {
    const step = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    return Math.round(step / 2 + this.random() * (step / 2));
  }

  /** Records a success: the next failure starts from the first step again. */
  reset(): void {
    this.failures = 0;
  }
}
