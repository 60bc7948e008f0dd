/** What the long-poll needs from its owner: how to read the revision, how long to hold, how to wait. */
export interface RevisionWait {
  /** The current revision (one indexed read). */
  read: () => number;
  holdMs: number;
  intervalMs: number;
  /** Aborted when the gateway goes away: stop at once. */
  signal: AbortSignal;
  /** Resolves after `ms` or as soon as `signal` aborts; handed in so tests control time. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** setTimeout that ends early when the signal aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Waits until the revision differs from `known`, checking every `intervalMs`: the new revision,
 * or null when `holdMs` passed or the request was aborted first. Each check is a single-row
 * read, so a held request costs next to nothing between changes.
 */
export async function waitForRevisionChange(known: number, wait: RevisionWait): Promise<number | null> {
  const sleep = wait.sleep ?? abortableSleep;
  const now = wait.now ?? Date.now;
  const deadline = now() + wait.holdMs;
  for (;;) {
    const revision = wait.read();
    if (revision !== known) return revision;
    const left = deadline - now();
    if (left <= 0 || wait.signal.aborted) return null;
    await sleep(Math.min(wait.intervalMs, left), wait.signal);
    if (wait.signal.aborted) return null;
  }
}
