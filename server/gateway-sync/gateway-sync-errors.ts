import type { GatewayTokenRefusal } from "@/gateway/remote/gateway-token";
import { ManagementApiError } from "@/server/http/errors";

/**
 * Errors of the self-hosted gateway endpoints. They extend the management API's error class, so
 * `errorResponse` answers them with the same `{"error": {"code", "message"}}` body.
 */

/** 401: the gateway token was refused (its code says why: invalid, expired, revoked, unknown gateway). */
export class GatewayTokenRefusedError extends ManagementApiError {
  readonly status = 401;
  readonly code: string;

  constructor(refusal: GatewayTokenRefusal) {
    super(refusal.message, { headers: { "WWW-Authenticate": "GatewayKey" } });
    this.code = refusal.code;
  }
}
