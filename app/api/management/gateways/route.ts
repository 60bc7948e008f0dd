import { listGateways } from "@/server/gateways/list-gateways";
import { toGatewayContract } from "@/server/gateways/to-gateway-contract";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";

/** GET /api/management/gateways — administrators and publishers (who assign APIs to gateways). */
export const GET = withManagementAuth("/gateways", "get", ({ request, db }) => {
  const query = parseOrThrow(pageQuerySchema, queryObject(request));
  const { items, count } = listGateways(db, { top: query.$top, skip: query.$skip });
  return Response.json(toPage(request, items.map(toGatewayContract), count, query));
});

// Gateways are created with PUT /gateways/{gatewayId}.
export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/gateways");
