import "server-only";
import type { Db } from "@/db/client";
import { gatewayApis } from "@/db/schema/index";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import { deleteLink } from "@/server/delete-link";
import { assertSelfHosted } from "./assert-self-hosted";
import { getGatewayOrThrow } from "./get-gateway-or-throw";

/** Stops a self-hosted gateway serving an API; false when it did not. NotFoundError for an unknown gateway or API. */
export function unassignGatewayApi(db: Db, gatewayId: string, apiId: string): boolean {
  return deleteLink(db, { table: gatewayApis, ids: { gatewayId, apiId }, resource: `/gateways/${gatewayId}/apis/${apiId}` }, (tx) => {
    getGatewayOrThrow(tx, gatewayId);
    getApiOrThrow(tx, apiId);
    assertSelfHosted(gatewayId);
  });
}
