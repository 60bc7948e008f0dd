import { deleteGateway } from "@/server/gateways/delete-gateway";
import { gatewayIdSchema, gatewayPatchBodySchema, gatewayPutBodySchema } from "@/server/gateways/gateway.schemas";
import { getGatewayOrThrow } from "@/server/gateways/get-gateway-or-throw";
import { patchGateway } from "@/server/gateways/patch-gateway";
import { putGateway } from "@/server/gateways/put-gateway";
import { toGatewayContract } from "@/server/gateways/to-gateway-contract";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow, readJsonObject } from "@/server/http/validation";
import { getKeySecrets } from "@/server/subscriptions/instance-secrets";

/** GET /api/management/gateways/{gatewayId} */
export const GET = withManagementAuth("/gateways/{gatewayId}", "get", ({ params, db }) => {
  const gatewayId = parseOrThrow(gatewayIdSchema, params.gatewayId, "gatewayId");
  return Response.json(toGatewayContract(getGatewayOrThrow(db, gatewayId)));
});

/** PUT /api/management/gateways/{gatewayId}: 201 when created, 200 when replaced. */
export const PUT = withManagementAuth("/gateways/{gatewayId}", "put", async ({ request, params, db }) => {
  const gatewayId = parseOrThrow(gatewayIdSchema, params.gatewayId, "gatewayId");
  const body = parseOrThrow(gatewayPutBodySchema, await readJsonObject(request));
  const { gateway, created } = putGateway(db, getKeySecrets(), gatewayId, body.properties);
  return Response.json(toGatewayContract(gateway), { status: created ? 201 : 200 });
});

/** PATCH /api/management/gateways/{gatewayId}: merges the given properties. */
export const PATCH = withManagementAuth("/gateways/{gatewayId}", "patch", async ({ request, params, db }) => {
  const gatewayId = parseOrThrow(gatewayIdSchema, params.gatewayId, "gatewayId");
  const body = parseOrThrow(gatewayPatchBodySchema, await readJsonObject(request));
  return Response.json(toGatewayContract(patchGateway(db, getKeySecrets(), gatewayId, body.properties)));
});

/** DELETE /api/management/gateways/{gatewayId}: 200 when deleted, 204 when there was none, 422 for `managed`. */
export const DELETE = withManagementAuth("/gateways/{gatewayId}", "delete", ({ params, db }) => {
  const gatewayId = parseOrThrow(gatewayIdSchema, params.gatewayId, "gatewayId");
  return new Response(null, { status: deleteGateway(db, gatewayId) ? 200 : 204 });
});

export const { POST } = methodsNotAllowed("/gateways/{gatewayId}");
