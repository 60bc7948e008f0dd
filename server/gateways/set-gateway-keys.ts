import "server-only";
import { eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { gateways } from "@/db/schema/index";
import type { KeySecrets } from "@/server/subscriptions/instance-secrets";
import { ensureGatewayKeys, sealGatewayKey } from "./ensure-gateway-keys";
import type { GatewayKeyType } from "./gateway.schemas";
import { getGatewayOrThrow } from "./get-gateway-or-throw";

/** How many replaced keys are remembered, so their tokens are refused as revoked rather than forged. */
const RETIRED_KEYS_KEPT = 4;

/**
 * Stores new values for the given keys (inside the caller's transaction); a key that changes
 * is retired, so every token made from it is refused as revoked. True when any key changed.
 */
export function setGatewayKeys(tx: DbExecutor, secrets: KeySecrets, gatewayId: string, keys: Partial<Record<GatewayKeyType, string>>): boolean {
  const current = ensureGatewayKeys(tx, secrets, gatewayId);
  const row = getGatewayOrThrow(tx, gatewayId);
  const retired = [...row.retiredKeysEncrypted];
  const columns: { primaryKeyEncrypted?: string; secondaryKeyEncrypted?: string } = {};
  for (const keyType of ["primary", "secondary"] as const) {
    const value = keys[keyType];
    if (value === undefined || value === current[keyType]) continue;
    retired.unshift(keyType === "primary" ? row.primaryKeyEncrypted! : row.secondaryKeyEncrypted!);
    columns[keyType === "primary" ? "primaryKeyEncrypted" : "secondaryKeyEncrypted"] = sealGatewayKey(value, secrets);
  }
  if (Object.keys(columns).length === 0) return false;
  tx.update(gateways)
    .set({ ...columns, retiredKeysEncrypted: retired.slice(0, RETIRED_KEYS_KEPT) })
    .where(eq(gateways.id, gatewayId))
    .run();
  return true;
}
