import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";
import { listGatewayLogs } from "@/server/logs/list-gateway-logs";
import { logQuerySchema } from "@/server/logs/log.schemas";

/** GET /api/management/logs?apiId=&from=&to=&responseCode=&subscriptionId=&callerIp= — newest first; administrators and publishers. */
export const GET = withManagementAuth(
  ({ request, db }) => {
    const query = parseOrThrow(logQuerySchema, queryObject(request));
    const { items, count } = listGatewayLogs(db, query);
    return Response.json(toPage(request, items, count, query));
  },
  { roles: PUBLISHER_ROLES },
);

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
