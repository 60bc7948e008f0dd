import { gatewayIdSchema, gatewayRegenerateKeyBodySchema } from "@/server/gateways/gateway.schemas";
import { regenerateGatewayKey } from "@/server/gateways/regenerate-gateway-key";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow, readJsonObject } from "@/server/http/validation";
import { getKeySecrets } from "@/server/subscriptions/instance-secrets";

/** POST /api/management/gateways/{gatewayId}/regenerateKey `{"keyType"}`: 204; tokens made from the old key stop working. */
export const POST = withManagementAuth("/gateways/{gatewayId}/regenerateKey", "post", async ({ request, params, db }) => {
  const gatewayId = parseOrThrow(gatewayIdSchema, params.gatewayId, "gatewayId");
  const body = parseOrThrow(gatewayRegenerateKeyBodySchema, await readJsonObject(request));
  regenerateGatewayKey(db, getKeySecrets(), gatewayId, body.keyType);
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("/gateways/{gatewayId}/regenerateKey");
