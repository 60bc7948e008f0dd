import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gateways } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import type { KeySecrets } from "@/server/subscriptions/instance-secrets";
import { generateGatewayKey, sealGatewayKey } from "./ensure-gateway-keys";
import type { GatewayProperties } from "./gateway.schemas";
import { setGatewayKeys } from "./set-gateway-keys";
import { toGatewayContract, type GatewayRow } from "./to-gateway-contract";

/**
 * Creates a gateway (with new keys) or replaces its properties (the managed one included: it can
 * be renamed). Without a display name it is the location's name, or else the id. Keys given
 * in the properties replace the stored ones (apply restoring an export).
 */
export function putGateway(
  db: Db,
  secrets: KeySecrets,
  gatewayId: string,
  properties: GatewayProperties,
): { gateway: GatewayRow; created: boolean } {
  const values = {
    displayName: properties.displayName ?? properties.locationData?.name ?? gatewayId,
    description: properties.description,
    locationData: properties.locationData ?? null,
  };
  return db.transaction(
    (tx) => {
      const existing = tx.select().from(gateways).where(eq(gateways.id, gatewayId)).get();
      const gateway = existing
        ? tx.update(gateways).set(values).where(eq(gateways.id, gatewayId)).returning().get()
        : tx
            .insert(gateways)
            .values({
              id: gatewayId,
              ...values,
              primaryKeyEncrypted: sealGatewayKey(properties.primaryKey ?? generateGatewayKey(), secrets),
              secondaryKeyEncrypted: sealGatewayKey(properties.secondaryKey ?? generateGatewayKey(), secrets),
            })
            .returning()
            .get();
      if (existing) setGatewayKeys(tx, secrets, gatewayId, { primary: properties.primaryKey, secondary: properties.secondaryKey });
      recordAudit(tx, {
        action: existing ? "update" : "create",
        resource: `/gateways/${gatewayId}`,
        before: existing && toGatewayContract(existing),
        after: toGatewayContract(gateway),
      });
      return { gateway, created: !existing };
    },
    { behavior: "immediate" },
  );
}
