import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gateways, MANAGED_GATEWAY_ID } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { UnprocessableEntityError } from "@/server/http/errors";
import { toGatewayContract } from "./to-gateway-contract";

/**
 * Deletes a self-hosted gateway with its API assignments and tokens (cascade); false when
 * there was none. The managed gateway cannot be deleted (UnprocessableEntityError).
 */
export function deleteGateway(db: Db, gatewayId: string): boolean {
  if (gatewayId === MANAGED_GATEWAY_ID) {
    throw new UnprocessableEntityError(
      "The managed gateway cannot be deleted: it is the gateway co-deployed with the portal and always exists.",
    );
  }
  return db.transaction(
    (tx) => {
      const deleted = tx.delete(gateways).where(eq(gateways.id, gatewayId)).returning().all();
      for (const row of deleted) recordAudit(tx, { action: "delete", resource: `/gateways/${gatewayId}`, before: toGatewayContract(row) });
      return deleted.length > 0;
    },
    { behavior: "immediate" },
  );
}
