/**
 * The management API's errors: one class per kind, each knowing its status and code, and
 * `errorResponse`, the one place that turns any thrown value into a response. Anything that
 * is not a `ManagementApiError` is logged and answered with a generic 500.
 */
import { isDatabaseBusy } from "@/db/database-busy";
import { log } from "@/gateway/log";

/** One entry of `error.details`: which field (`properties.serviceUrl`) and what is wrong with it. */
export interface ErrorDetail {
  target: string;
  message: string;
}

export abstract class ManagementApiError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details: readonly ErrorDetail[];
  /** Extra response headers (`WWW-Authenticate`, `Allow`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(message: string, options: { details?: readonly ErrorDetail[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = new.target.name;
    this.details = options.details ?? [];
    this.headers = options.headers ?? {};
  }
}

/** 400: the request is malformed or a field is invalid. */
export class ValidationError extends ManagementApiError {
  readonly status = 400;
  readonly code = "ValidationError";
}

/** 401: no credentials, or credentials that are not valid. */
export class UnauthorizedError extends ManagementApiError {
  readonly status = 401;
  readonly code = "Unauthorized";

  constructor(message: string) {
    super(message, { headers: { "WWW-Authenticate": "Bearer" } });
  }
}

/** 403: valid credentials whose role may not do this. */
export class ForbiddenError extends ManagementApiError {
  readonly status = 403;
  readonly code = "Forbidden";
}

/** 404: no such resource (or no such route). */
export class NotFoundError extends ManagementApiError {
  readonly status = 404;
  readonly code = "NotFound";
}

/** 405: the resource exists but does not support the method. */
export class MethodNotAllowedError extends ManagementApiError {
  readonly status = 405;
  readonly code = "MethodNotAllowed";

  constructor(method: string, allowed: readonly string[]) {
    super(`Method ${method} is not allowed on this resource. Allowed: ${allowed.join(", ")}.`, {
      headers: { Allow: allowed.join(", ") },
    });
  }
}

/** 409: the change collides with another resource (a duplicate path). */
export class ConflictError extends ManagementApiError {
  readonly status = 409;
  readonly code = "Conflict";
}

/** 422: well-formed but semantically impossible (reserved for rules beyond field validation). */
export class UnprocessableEntityError extends ManagementApiError {
  readonly status = 422;
  readonly code = "UnprocessableEntity";
}

/** 413: a body larger than the endpoint takes. */
export class PayloadTooLargeError extends ManagementApiError {
  readonly status = 413;
  readonly code = "PayloadTooLarge";
}

/** 429: the caller must wait (sign-up throttling, a gateway's telemetry faster than the portal takes it). */
export class TooManyRequestsError extends ManagementApiError {
  readonly status = 429;
  readonly code = "TooManyRequests";

  /** `Retry-After` is the wait rounded up to whole seconds, at least 1. */
  constructor(message: string, retryAfterSeconds: number) {
    super(message, { headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) } });
  }
}

/** Seconds a client is told to wait (`Retry-After`) before retrying a request that met a busy database. */
export const DATABASE_BUSY_RETRY_AFTER_SECONDS = 2;

/** 503: another process held SQLite's write lock past the busy timeout; nothing was changed, a retry will do. */
export class DatabaseBusyError extends ManagementApiError {
  readonly status = 503;
  readonly code = "DatabaseBusy";

  constructor() {
    super("The database is busy (another process holds a write lock); retry shortly.", {
      headers: { "Retry-After": String(DATABASE_BUSY_RETRY_AFTER_SECONDS) },
    });
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] };
}

/**
 * Maps a thrown value to its response: SQLite's busy/locked errors become 503 DatabaseBusy with
 * `Retry-After`; unknown errors are logged and hidden behind a generic 500.
 */
export function errorResponse(error: unknown): Response {
  if (isDatabaseBusy(error)) {
    log.warn("management API: the database stayed locked by another process past the busy timeout: answered 503 DatabaseBusy");
    error = new DatabaseBusyError();
  }
  if (error instanceof ManagementApiError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details.length > 0) body.error.details = [...error.details];
    return Response.json(body, { status: error.status, headers: error.headers });
  }
  log.error("management API: unhandled error", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  const body: ErrorBody = { error: { code: "InternalError", message: "Internal server error" } };
  return Response.json(body, { status: 500 });
}
