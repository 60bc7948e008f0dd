/**
 * How the portal rides out a busy database (503 DatabaseBusy: another process holds SQLite's
 * write lock). `managementFetch` waits for the server's `Retry-After` and sends the request
 * again (nothing was written by a request that met the lock, so a change is safe to resend);
 * while any request waits, `DatabaseBusyNotice` shows a line instead of an error. This module
 * is the count of waiting requests that the notice subscribes to.
 */

/** Retries of one request while the database stays busy (about half a minute at Retry-After: 2). */
export const DATABASE_BUSY_RETRIES = 15;

/** The wait before a retry when the server did not say. */
export const FALLBACK_BUSY_DELAY_MS = 2000;

/** What the notice says while requests wait for the database. */
export const DATABASE_BUSY_NOTICE = "The database is busy — retrying…";

let waiting = 0;
const listeners = new Set<() => void>();

function changed(by: number): void {
  waiting += by;
  for (const listener of listeners) listener();
}

/** Waits `ms` as a request that met a busy database; the notice shows meanwhile. */
export async function waitOutDatabaseBusy(ms: number): Promise<void> {
  changed(1);
  try {
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    changed(-1);
  }
}

/** How many requests are waiting out a busy database now. */
export function databaseBusyWaiting(): number {
  return waiting;
}

/** Calls `listener` whenever that count changes; returns the unsubscribe (useSyncExternalStore's shape). */
export function subscribeDatabaseBusy(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
