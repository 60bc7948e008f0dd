import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apis, gatewayApis, MANAGED_GATEWAY_ID } from "@/db/schema/index";
import type { ApiRow } from "@/server/apis/to-api-contract";
import { listApis } from "@/server/apis/list-apis";
import { listPagedJoin } from "@/server/list-paged-join";
import { getGatewayOrThrow } from "./get-gateway-or-throw";

/**
 * One page of the APIs a gateway serves, ordered by id: every API for the managed gateway
 * (as gateway/config/load-snapshot.ts serves them), the assigned ones for any other.
 */
export function listGatewayApis(db: Db, gatewayId: string, page: { top: number; skip: number }): { items: ApiRow[]; count: number } {
  getGatewayOrThrow(db, gatewayId);
  if (gatewayId === MANAGED_GATEWAY_ID) return listApis(db, page);
  return listPagedJoin(
    db,
    { link: gatewayApis, target: apis, on: eq(apis.id, gatewayApis.apiId), where: eq(gatewayApis.gatewayId, gatewayId), orderBy: apis.id },
    page,
  );
}
