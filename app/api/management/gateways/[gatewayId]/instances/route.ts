import { gatewayIdSchema } from "@/server/gateways/gateway.schemas";
import { listGatewayInstances } from "@/server/gateways/list-gateway-instances";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow } from "@/server/http/validation";

/** GET /api/management/gateways/{gatewayId}/instances: the processes that sent heartbeats, stale ones marked. */
export const GET = withManagementAuth("/gateways/{gatewayId}/instances", "get", ({ params, db }) => {
  const gatewayId = parseOrThrow(gatewayIdSchema, params.gatewayId, "gatewayId");
  const items = listGatewayInstances(db, gatewayId);
  return Response.json({ value: items, count: items.length, nextLink: null });
});

export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/gateways/{gatewayId}/instances");
