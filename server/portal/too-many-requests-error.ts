import { ManagementApiError } from "@/server/http/errors";

/**
 * 429: the caller must wait (sign-up throttling). Its body and `Retry-After` go through the
 * same `errorResponse` as every other portal and management error.
 */
export class TooManyRequestsError extends ManagementApiError {
  readonly status = 429;
  readonly code = "TooManyRequests";

  constructor(message: string, retryAfterSeconds: number) {
    super(message, { headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) } });
  }
}
