import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gateways } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import type { GatewayProperties } from "./gateway.schemas";
import { toGatewayContract, type GatewayRow } from "./to-gateway-contract";

/** Creates a gateway or replaces its properties (the managed one included: it can be renamed). */
export function putGateway(db: Db, gatewayId: string, properties: GatewayProperties): { gateway: GatewayRow; created: boolean } {
  return db.transaction(
    (tx) => {
      const existing = tx.select().from(gateways).where(eq(gateways.id, gatewayId)).get();
      const gateway = existing
        ? tx.update(gateways).set(properties).where(eq(gateways.id, gatewayId)).returning().get()
        : tx.insert(gateways).values({ id: gatewayId, ...properties }).returning().get();
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
