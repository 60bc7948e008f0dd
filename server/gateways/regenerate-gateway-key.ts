import type { Db } from "@/db/client";
import { recordAudit } from "@/server/audit/record-audit";
import type { KeySecrets } from "@/server/subscriptions/instance-secrets";
import { generateGatewayKey } from "./ensure-gateway-keys";
import type { GatewayKeyType } from "./gateway.schemas";
import { setGatewayKeys } from "./set-gateway-keys";

/**
 * Replaces one of the gateway's keys with a new random one: every token made from the old key
 * is refused from now on (GatewayTokenRevoked). Throws NotFoundError.
 */
export function regenerateGatewayKey(db: Db, secrets: KeySecrets, gatewayId: string, keyType: GatewayKeyType): void {
  db.transaction(
    (tx) => {
      setGatewayKeys(tx, secrets, gatewayId, { [keyType]: generateGatewayKey() });
      // The audit row says which key, never its value.
      recordAudit(tx, { action: "regenerateKey", resource: `/gateways/${gatewayId}`, after: { keyType } });
    },
    { behavior: "immediate" },
  );
}
