import { ADMINISTRATOR_ROLES } from "@/server/auth/roles";
import { gatewayGenerateTokenBodySchema, gatewayIdSchema } from "@/server/gateways/gateway.schemas";
import { generateGatewayToken } from "@/server/gateways/generate-gateway-token";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow, readJsonObject } from "@/server/http/validation";
import { getKeySecrets } from "@/server/subscriptions/instance-secrets";

/** POST /api/management/gateways/{gatewayId}/generateToken `{"keyType", "expiry"}`: `{"value": "GatewayKey …"}`. */
export const POST = withManagementAuth<{ gatewayId: string }>(
  async ({ request, params, db }) => {
    const gatewayId = parseOrThrow(gatewayIdSchema, params.gatewayId, "gatewayId");
    const body = parseOrThrow(gatewayGenerateTokenBodySchema, await readJsonObject(request));
    const token = generateGatewayToken(db, getKeySecrets(), gatewayId, { keyType: body.keyType, expiry: new Date(body.expiry) });
    return Response.json(token, { headers: { "Cache-Control": "no-store" } });
  },
  { roles: ADMINISTRATOR_ROLES },
);

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
