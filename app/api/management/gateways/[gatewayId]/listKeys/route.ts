import { gatewayIdSchema } from "@/server/gateways/gateway.schemas";
import { listGatewayKeys } from "@/server/gateways/list-gateway-keys";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow } from "@/server/http/validation";
import { getKeySecrets } from "@/server/subscriptions/instance-secrets";

/** POST /api/management/gateways/{gatewayId}/listKeys: `{"primary", "secondary"}`, administrators only. */
export const POST = withManagementAuth("/gateways/{gatewayId}/listKeys", "post", ({ params, db }) => {
  const gatewayId = parseOrThrow(gatewayIdSchema, params.gatewayId, "gatewayId");
  return Response.json(listGatewayKeys(db, getKeySecrets(), gatewayId), { headers: { "Cache-Control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("/gateways/{gatewayId}/listKeys");
