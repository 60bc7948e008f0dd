import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gateways } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import type { GatewayPatchProperties } from "./gateway.schemas";
import { getGatewayOrThrow } from "./get-gateway-or-throw";
import { setGatewayKeys } from "./set-gateway-keys";
import type { KeySecrets } from "@/server/subscriptions/instance-secrets";
import { toGatewayContract, type GatewayRow } from "./to-gateway-contract";

/** Merges the given properties into an existing gateway; throws NotFoundError. */
export function patchGateway(db: Db, secrets: KeySecrets, gatewayId: string, patch: GatewayPatchProperties): GatewayRow {
  return db.transaction(
    (tx) => {
      const current = getGatewayOrThrow(tx, gatewayId);
      const gateway = tx
        .update(gateways)
        .set({
          displayName: patch.displayName ?? current.displayName,
          description: patch.description ?? current.description,
          locationData: patch.locationData === undefined ? current.locationData : patch.locationData,
        })
        .where(eq(gateways.id, gatewayId))
        .returning()
        .get();
      setGatewayKeys(tx, secrets, gatewayId, { primary: patch.primaryKey, secondary: patch.secondaryKey });
      recordAudit(tx, { action: "update", resource: `/gateways/${gatewayId}`, before: toGatewayContract(current), after: toGatewayContract(gateway) });
      return gateway;
    },
    { behavior: "immediate" },
  );
}
