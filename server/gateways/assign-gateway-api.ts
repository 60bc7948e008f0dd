import "server-only";
import type { Db } from "@/db/client";
import { gatewayApis } from "@/db/schema/index";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import type { ApiRow } from "@/server/apis/to-api-contract";
import { recordAudit } from "@/server/audit/record-audit";
import { assertSelfHosted } from "./assert-self-hosted";
import { getGatewayOrThrow } from "./get-gateway-or-throw";

/** Lets a self-hosted gateway serve an API (idempotent); NotFoundError for an unknown gateway or API. */
export function assignGatewayApi(db: Db, gatewayId: string, apiId: string): { api: ApiRow; created: boolean } {
  return db.transaction(
    (tx) => {
      getGatewayOrThrow(tx, gatewayId);
      const api = getApiOrThrow(tx, apiId);
      assertSelfHosted(gatewayId);
      const created = tx.insert(gatewayApis).values({ gatewayId, apiId }).onConflictDoNothing().returning().all().length > 0;
      if (created) recordAudit(tx, { action: "link", resource: `/gateways/${gatewayId}/apis/${apiId}`, after: { gatewayId, apiId } });
      return { api, created };
    },
    { behavior: "immediate" },
  );
}
