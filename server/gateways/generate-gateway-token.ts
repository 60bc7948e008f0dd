import type { Db } from "@/db/client";
import { formatGatewayToken, GATEWAY_TOKEN_MAX_LIFETIME_MS } from "@/gateway/remote/gateway-token";
import { recordAudit } from "@/server/audit/record-audit";
import { ValidationError } from "@/server/http/errors";
import type { KeySecrets } from "@/server/subscriptions/instance-secrets";
import { ensureGatewayKeys } from "./ensure-gateway-keys";
import type { GatewayKeyType } from "./gateway.schemas";

/**
 * `generateToken`: a token signed with one of the gateway's keys that expires at `expiry`
 * (in the future, at most 30 days ahead, as APIM). Nothing is stored: the token is checked by
 * its signature, so regenerating the key is what revokes it. Throws NotFoundError, ValidationError.
 */
export function generateGatewayToken(
  db: Db,
  secrets: KeySecrets,
  gatewayId: string,
  request: { keyType: GatewayKeyType; expiry: Date },
  now = new Date(),
): { value: string } {
  // The token carries whole minutes: what counts is the minute it names.
  const expiry = new Date(Math.floor(request.expiry.getTime() / 60_000) * 60_000);
  if (expiry.getTime() <= now.getTime()) {
    throw new ValidationError("The expiry must be in the future (tokens name whole minutes, UTC).", { details: [{ target: "expiry", message: "must be in the future" }] });
  }
  if (expiry.getTime() - now.getTime() > GATEWAY_TOKEN_MAX_LIFETIME_MS) {
    throw new ValidationError("The expiry must be at most 30 days ahead.", {
      details: [{ target: "expiry", message: "must be at most 30 days ahead" }],
    });
  }
  return db.transaction(
    (tx) => {
      const keys = ensureGatewayKeys(tx, secrets, gatewayId);
      const value = formatGatewayToken(gatewayId, expiry, keys[request.keyType]);
      recordAudit(tx, { action: "generateToken", resource: `/gateways/${gatewayId}`, after: { keyType: request.keyType, expiry: expiry.toISOString() } });
      return { value };
    },
    { behavior: "immediate" },
  );
}
