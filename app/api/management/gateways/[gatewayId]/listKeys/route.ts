import { ADMINISTRATOR_ROLES } from "@/server/auth/roles";
import { gatewayIdSchema } from "@/server/gateways/gateway.schemas";
import { listGatewayKeys } from "@/server/gateways/list-gateway-keys";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow } from "@/server/http/validation";
import { getKeySecrets } from "@/server/subscriptions/instance-secrets";

/** POST /api/management/gateways/{gatewayId}/listKeys: `{"primary", "secondary"}`, administrators only. */
export const POST = withManagementAuth<{ gatewayId: string }>(
  ({ params, db }) => {
    const gatewayId = parseOrThrow(gatewayIdSchema, params.gatewayId, "gatewayId");
    return Response.json(listGatewayKeys(db, getKeySecrets(), gatewayId), { headers: { "Cache-Control": "no-store" } });
  },
  { roles: ADMINISTRATOR_ROLES },
);

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
