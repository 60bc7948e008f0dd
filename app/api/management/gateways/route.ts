import { gatewayIdSchema } from "@/server/gateways/gateway.schemas";
import { listGateways } from "@/server/gateways/list-gateways";
import { toGatewayContract } from "@/server/gateways/to-gateway-contract";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";

/** `?name=`: the gateway with that id, if any (an existence check that answers 200, not 404). */
const listQuerySchema = pageQuerySchema.extend({ name: gatewayIdSchema.optional() });

/** GET /api/management/gateways?name= — administrators and publishers (who assign APIs to gateways). */
export const GET = withManagementAuth("/gateways", "get", ({ request, db }) => {
  const query = parseOrThrow(listQuerySchema, queryObject(request));
  const { items, count } = listGateways(db, { top: query.$top, skip: query.$skip }, { name: query.name });
  return Response.json(toPage(request, items.map(toGatewayContract), count, query));
});

// Gateways are created with PUT /gateways/{gatewayId}.
export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/gateways");
