import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gatewayApis } from "@/db/schema/index";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import { recordAudit } from "@/server/audit/record-audit";
import { assertSelfHosted } from "./assert-self-hosted";
import { getGatewayOrThrow } from "./get-gateway-or-throw";

/** Stops a self-hosted gateway serving an API; false when it did not. NotFoundError for an unknown gateway or API. */
export function unassignGatewayApi(db: Db, gatewayId: string, apiId: string): boolean {
  return db.transaction(
    (tx) => {
      getGatewayOrThrow(tx, gatewayId);
      getApiOrThrow(tx, apiId);
      assertSelfHosted(gatewayId);
      const deleted = tx
        .delete(gatewayApis)
        .where(and(eq(gatewayApis.gatewayId, gatewayId), eq(gatewayApis.apiId, apiId)))
        .returning()
        .all();
      if (deleted.length === 0) return false;
      recordAudit(tx, { action: "unlink", resource: `/gateways/${gatewayId}/apis/${apiId}`, before: { gatewayId, apiId } });
      return true;
    },
    { behavior: "immediate" },
  );
}
