import { toApiContract } from "@/server/apis/to-api-contract";
import { gatewayIdSchema } from "@/server/gateways/gateway.schemas";
import { listGatewayApis } from "@/server/gateways/list-gateway-apis";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";

/** GET /api/management/gateways/{gatewayId}/apis: the APIs the gateway serves (every API for `managed`). */
export const GET = withManagementAuth("/gateways/{gatewayId}/apis", "get", ({ request, params, db }) => {
  const gatewayId = parseOrThrow(gatewayIdSchema, params.gatewayId, "gatewayId");
  const query = parseOrThrow(pageQuerySchema, queryObject(request));
  const { items, count } = listGatewayApis(db, gatewayId, { top: query.$top, skip: query.$skip });
  return Response.json(toPage(request, items.map((row) => toApiContract(row)), count, query));
});

// APIs are assigned with PUT /gateways/{gatewayId}/apis/{apiId}.
export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/gateways/{gatewayId}/apis");
