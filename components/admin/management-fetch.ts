/**
 * The admin portal's client for the management API: the same endpoints automation uses,
 * authenticated by the session cookie. Errors come back as ManagementRequestError carrying the
 * API's `{error: {code, message, details}}`, so forms can put each detail under its field.
 */
import { DATABASE_BUSY_RETRIES, FALLBACK_BUSY_DELAY_MS, waitOutDatabaseBusy } from "./database-busy";

export interface ManagementErrorDetail {
  target: string;
  message: string;
}

export class ManagementRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ManagementErrorDetail[] = [],
    /** The server's `Retry-After` in milliseconds (503 DatabaseBusy, 429), or null. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = "ManagementRequestError";
  }
}

/** A collection page of the management API. */
export interface Page<T> {
  value: T[];
  count: number;
  nextLink: string | null;
}

/** True for the management API's 503 DatabaseBusy (another process holds the database's write lock). */
export function isDatabaseBusyError(error: unknown): error is ManagementRequestError {
  return error instanceof ManagementRequestError && error.status === 503 && error.code === "DatabaseBusy";
}

type FetchInit = { method?: string; body?: unknown; headers?: Record<string, string> };

/**
 * Calls `/api/management{path}`; resolves with the JSON body (or null for an empty one). A busy
 * database is waited out: the request is sent again after the server's `Retry-After` (the
 * busy notice shows meanwhile), up to DATABASE_BUSY_RETRIES times, then its error is thrown.
 */
export async function managementFetch<T>(path: string, init: FetchInit = {}): Promise<T> {
  for (let retries = 0; ; retries++) {
    try {
      return await sendOnce<T>(path, init);
    } catch (error) {
      if (!isDatabaseBusyError(error) || retries >= DATABASE_BUSY_RETRIES) throw error;
      await waitOutDatabaseBusy(error.retryAfterMs ?? FALLBACK_BUSY_DELAY_MS);
    }
  }
}

async function sendOnce<T>(path: string, init: FetchInit): Promise<T> {
  const response = await fetch(`/api/management${path}`, {
    method: init.method ?? "GET",
    headers: { Accept: "application/json", ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}), ...init.headers },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: "same-origin",
    cache: "no-store",
  });
  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: ManagementErrorDetail[] } } | null)?.error;
    if (response.status === 401 && typeof window !== "undefined") {
      // The session expired or the user was blocked: sign in again and come back here.
      const back = window.location.pathname + window.location.search;
      window.location.assign(`/signin?callbackUrl=${encodeURIComponent(back)}`);
    }
    throw new ManagementRequestError(
      response.status,
      error?.code ?? "HttpError",
      error?.message ?? `The management API answered ${response.status}.`,
      error?.details ?? [],
      retryAfterMs(response.headers.get("retry-after")),
    );
  }
  return body as T;
}

/** `Retry-After` in milliseconds when it is a number of seconds (what the management API sends), else null. */
export function retryAfterMs(header: string | null): number | null {
  return header && /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : null;
}

/** Every item of a collection, following `nextLink` (the portal's lists are small). */
export async function managementList<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let next: string | null = path;
  while (next) {
    const page: Page<T> = await managementFetch<Page<T>>(next);
    items.push(...page.value);
    next = page.nextLink ? nextPath(page.nextLink) : null;
  }
  return items;
}

function nextPath(nextLink: string): string {
  const url = new URL(nextLink, window.location.origin);
  return url.pathname.replace(/^\/api\/management/, "") + url.search;
}
