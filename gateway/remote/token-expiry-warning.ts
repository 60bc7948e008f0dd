import { log } from "../log";

/** A token this close to its expiry is worth a warning at start. */
const TOKEN_EXPIRY_WARNING_MS = 7 * 24 * 60 * 60 * 1000;

/** Said once at a self-hosted gateway's start: its token has expired, or expires within 7 days. */
export function warnIfTokenExpiresSoon(expiry: Date, gatewayId: string, now = Date.now()): void {
  const left = expiry.getTime() - now;
  if (left >= TOKEN_EXPIRY_WARNING_MS) return;
  log.warn(left <= 0 ? "the gateway token has expired: the portal will refuse it" : "the gateway token expires soon", {
    gateway: gatewayId,
    expiry: expiry.toISOString(),
  });
}
