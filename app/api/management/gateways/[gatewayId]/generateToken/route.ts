import { gatewayGenerateTokenBodySchema, gatewayIdSchema } from "@/server/gateways/gateway.schemas";
import { generateGatewayToken } from "@/server/gateways/generate-gateway-token";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow, readJsonObject } from "@/server/http/validation";
import { getKeySecrets } from "@/server/subscriptions/instance-secrets";

/** POST /api/management/gateways/{gatewayId}/generateToken `{"keyType", "expiry"}`: `{"value": "GatewayKey …"}`. */
export const POST = withManagementAuth("/gateways/{gatewayId}/generateToken", "post", async ({ request, params, db }) => {
  const gatewayId = parseOrThrow(gatewayIdSchema, params.gatewayId, "gatewayId");
  const body = parseOrThrow(gatewayGenerateTokenBodySchema, await readJsonObject(request));
  const token = generateGatewayToken(db, getKeySecrets(), gatewayId, { keyType: body.keyType, expiry: new Date(body.expiry) });
  return Response.json(token, { headers: { "Cache-Control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("/gateways/{gatewayId}/generateToken");
