import "server-only";
import { MANAGED_GATEWAY_ID, type gateways } from "@/db/schema/index";
import { isoDate } from "@/server/http/resource.schemas";
import type { GatewayContract } from "./gateway.schemas";

export type GatewayRow = typeof gateways.$inferSelect;

/** The management API's view of a stored gateway: never its keys. */
export function toGatewayContract(row: GatewayRow): GatewayContract {
  return {
    id: `/gateways/${row.id}`,
    name: row.id,
    properties: {
      displayName: row.displayName,
      description: row.description,
      locationData: row.locationData ?? null,
      managed: row.id === MANAGED_GATEWAY_ID,
      lastHeartbeatAt: isoDate(row.lastHeartbeatAt),
    },
  };
}
