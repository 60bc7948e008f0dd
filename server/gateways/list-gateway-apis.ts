import "server-only";
import { asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apis, gatewayApis, MANAGED_GATEWAY_ID } from "@/db/schema/index";
import type { ApiRow } from "@/server/apis/to-api-contract";
import { listApis } from "@/server/apis/list-apis";
import { getGatewayOrThrow } from "./get-gateway-or-throw";

/**
 * One page of the APIs a gateway serves, ordered by id: every API for the managed gateway
 * (as gateway/config/load-snapshot.ts serves them), the assigned ones for any other.
 */
export function listGatewayApis(db: Db, gatewayId: string, page: { top: number; skip: number }): { items: ApiRow[]; count: number } {
  getGatewayOrThrow(db, gatewayId);
  if (gatewayId === MANAGED_GATEWAY_ID) return listApis(db, page);
  const assigned = eq(gatewayApis.gatewayId, gatewayId);
  const items = db
    .select({ api: apis })
    .from(gatewayApis)
    .innerJoin(apis, eq(apis.id, gatewayApis.apiId))
    .where(assigned)
    .orderBy(asc(apis.id))
    .limit(page.top)
    .offset(page.skip)
    .all()
    .map((row) => row.api);
  return { items, count: db.select({ n: count() }).from(gatewayApis).where(assigned).get()?.n ?? 0 };
}
