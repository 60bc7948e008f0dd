import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { gatewayIdSchema } from "@/server/gateways/gateway.schemas";
import { listGatewayInstances } from "@/server/gateways/list-gateway-instances";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow } from "@/server/http/validation";

/** GET /api/management/gateways/{gatewayId}/instances: the processes that sent heartbeats, stale ones marked. */
export const GET = withManagementAuth<{ gatewayId: string }>(
  ({ params, db }) => {
    const gatewayId = parseOrThrow(gatewayIdSchema, params.gatewayId, "gatewayId");
    const items = listGatewayInstances(db, gatewayId);
    return Response.json({ value: items, count: items.length, nextLink: null });
  },
  { roles: PUBLISHER_ROLES },
);

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
