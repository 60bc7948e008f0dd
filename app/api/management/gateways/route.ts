import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { listGateways } from "@/server/gateways/list-gateways";
import { toGatewayContract } from "@/server/gateways/to-gateway-contract";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";

/** GET /api/management/gateways — administrators and publishers (who assign APIs to gateways). */
export const GET = withManagementAuth(
  ({ request, db }) => {
    const query = parseOrThrow(pageQuerySchema, queryObject(request));
    const { items, count } = listGateways(db, { top: query.$top, skip: query.$skip });
    return Response.json(toPage(request, items.map(toGatewayContract), count, query));
  },
  { roles: PUBLISHER_ROLES },
);

// Gateways are created with PUT /gateways/{gatewayId}.
export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
