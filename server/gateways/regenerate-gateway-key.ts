import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gateways } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import type { KeySecrets } from "@/server/subscriptions/instance-secrets";
import { ensureGatewayKeys, generateGatewayKey, sealGatewayKey } from "./ensure-gateway-keys";
import type { GatewayKeyType } from "./gateway.schemas";
import { getGatewayOrThrow } from "./get-gateway-or-throw";

/** How many replaced keys are remembered, so their tokens are refused as revoked rather than forged. */
const RETIRED_KEYS_KEPT = 4;

/**
 * Replaces one of the gateway's keys with a new random one: every token made from the old key
 * is refused from now on (GatewayTokenRevoked). Throws NotFoundError.
 */
export function regenerateGatewayKey(db: Db, secrets: KeySecrets, gatewayId: string, keyType: GatewayKeyType): void {
  db.transaction(
    (tx) => {
      ensureGatewayKeys(tx, secrets, gatewayId);
      const row = getGatewayOrThrow(tx, gatewayId);
      const old = keyType === "primary" ? row.primaryKeyEncrypted! : row.secondaryKeyEncrypted!;
      const sealed = sealGatewayKey(generateGatewayKey(), secrets);
      tx.update(gateways)
        .set({
          ...(keyType === "primary" ? { primaryKeyEncrypted: sealed } : { secondaryKeyEncrypted: sealed }),
          retiredKeysEncrypted: [old, ...row.retiredKeysEncrypted].slice(0, RETIRED_KEYS_KEPT),
        })
        .where(eq(gateways.id, gatewayId))
        .run();
      // The audit row says which key, never its value.
      recordAudit(tx, { action: "regenerateKey", resource: `/gateways/${gatewayId}`, after: { keyType } });
    },
    { behavior: "immediate" },
  );
}
