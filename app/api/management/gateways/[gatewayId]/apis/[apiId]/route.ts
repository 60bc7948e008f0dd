import { apiIdSchema } from "@/server/apis/api.schemas";
import { toApiContract } from "@/server/apis/to-api-contract";
import { assignGatewayApi } from "@/server/gateways/assign-gateway-api";
import { gatewayIdSchema } from "@/server/gateways/gateway.schemas";
import { unassignGatewayApi } from "@/server/gateways/unassign-gateway-api";
import { linkRouteHandlers } from "@/server/http/link-route";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";

const handlers = linkRouteHandlers({ gatewayId: gatewayIdSchema, apiId: apiIdSchema }, {
  link: (db, { gatewayId, apiId }) => {
    const { api, created } = assignGatewayApi(db, gatewayId, apiId);
    return { contract: toApiContract(api), created };
  },
  unlink: (db, { gatewayId, apiId }) => unassignGatewayApi(db, gatewayId, apiId),
});

/** PUT /api/management/gateways/{gatewayId}/apis/{apiId}: 201 when assigned, 200 when it was; 422 for `managed`. */
export const PUT = withManagementAuth("/gateways/{gatewayId}/apis/{apiId}", "put", handlers.put);

/** DELETE /api/management/gateways/{gatewayId}/apis/{apiId}: 200 when unassigned, 204 when it was not assigned. */
export const DELETE = withManagementAuth("/gateways/{gatewayId}/apis/{apiId}", "delete", handlers.delete);

export const { GET, PATCH, POST } = methodsNotAllowed("/gateways/{gatewayId}/apis/{apiId}");
