import type { Db } from "@/db/client";
import { parseGatewayToken, verifyGatewayToken } from "@/gateway/remote/gateway-token";
import { ensureGatewayKeys, openGatewayKeys } from "@/server/gateways/ensure-gateway-keys";
import { getGatewayOrThrow } from "@/server/gateways/get-gateway-or-throw";
import { NotFoundError } from "@/server/http/errors";
import type { KeySecrets } from "@/server/subscriptions/instance-secrets";
import { GatewayTokenRefusedError } from "./gateway-sync-errors";

/**
 * The gateway a request's `Authorization: GatewayKey …` token speaks for. Accepted when the
 * gateway exists, the signature matches its current primary or secondary key and the expiry
 * is after `now`; otherwise throws GatewayTokenRefusedError with the reason.
 */
export function authenticateGateway(db: Db, secrets: KeySecrets, authorization: string | null, now: Date): string {
  const parsed = parseGatewayToken(authorization);
  if (!parsed.ok) throw new GatewayTokenRefusedError(parsed.refusal);
  const { gatewayId } = parsed.parts;
  let row;
  try {
    row = getGatewayOrThrow(db, gatewayId);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new GatewayTokenRefusedError({ code: "GatewayNotFound", message: `Gateway '${gatewayId}' does not exist (deleted, or never created on this portal).` });
  }
  // A read on every request; the write lock only for a gateway stored before keys existed (it gets them now).
  const keys = openGatewayKeys(row, secrets) ?? db.transaction((tx) => ensureGatewayKeys(tx, secrets, gatewayId), { behavior: "immediate" });
  const verdict = verifyGatewayToken(parsed.parts, { current: [keys.primary, keys.secondary], retired: keys.retired }, now);
  if (!verdict.ok) throw new GatewayTokenRefusedError(verdict.refusal);
  return gatewayId;
}
