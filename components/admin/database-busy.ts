import { ManagementRequestError } from "./management-fetch";

/**
 * How the portal rides out a busy database (503 DatabaseBusy: another process holds SQLite's
 * write lock): queries and changes are retried after the server's `Retry-After`, and a notice
 * says so, instead of an error. Nothing was written by a request that met the lock, so a
 * change is safe to send again.
 */

/** Retries of one request while the database stays busy (about half a minute at Retry-After: 2). */
export const DATABASE_BUSY_RETRIES = 15;

/** The wait before a retry when the server did not say. */
const FALLBACK_BUSY_DELAY_MS = 2000;

/** What the notice says while requests wait for the database. */
export const DATABASE_BUSY_NOTICE = "The database is busy — retrying…";

/** True for the management API's 503 DatabaseBusy. */
export function isDatabaseBusyError(error: unknown): error is ManagementRequestError {
  return error instanceof ManagementRequestError && error.status === 503 && error.code === "DatabaseBusy";
}

/** Queries: busy → retry up to DATABASE_BUSY_RETRIES; other 4xx → never; anything else → twice. */
export function shouldRetryQuery(failures: number, error: unknown): boolean {
  if (isDatabaseBusyError(error)) return failures < DATABASE_BUSY_RETRIES;
  return !(error instanceof ManagementRequestError && error.status < 500) && failures < 2;
}

/** Changes: only a busy database is retried (anything else is the form's to show). */
export function shouldRetryMutation(failures: number, error: unknown): boolean {
  return isDatabaseBusyError(error) && failures < DATABASE_BUSY_RETRIES;
}

/** The server's Retry-After for a busy database; TanStack Query's doubling (capped at 30 s) otherwise. */
export function retryDelayMs(failures: number, error: unknown): number {
  if (isDatabaseBusyError(error)) return error.retryAfterMs ?? FALLBACK_BUSY_DELAY_MS;
  return Math.min(1000 * 2 ** failures, 30_000);
}
