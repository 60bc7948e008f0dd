import type { Db } from "@/db/client";
import type { KeySecrets } from "@/server/subscriptions/instance-secrets";
import { ensureGatewayKeys } from "./ensure-gateway-keys";
import type { GatewayKeysContract } from "./gateway.schemas";

/** `listKeys`: the gateway's primary and secondary keys (administrators only). Throws NotFoundError. */
export function listGatewayKeys(db: Db, secrets: KeySecrets, gatewayId: string): GatewayKeysContract {
  return db.transaction(
    (tx) => {
      const { primary, secondary } = ensureGatewayKeys(tx, secrets, gatewayId);
      return { primary, secondary };
    },
    { behavior: "immediate" },
  );
}
