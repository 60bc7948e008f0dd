import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { connectionQuerySchema } from "@/server/connections/connection.schemas";
import { listOpenConnections } from "@/server/connections/list-open-connections";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";

/** GET /api/management/connections?apiId=&gatewayId=&subscriptionId=&callerIp= — open connections, newest first; administrators and publishers. */
export const GET = withManagementAuth(
  ({ request, db }) => {
    const query = parseOrThrow(connectionQuerySchema, queryObject(request));
    const { items, count } = listOpenConnections(db, query);
    return Response.json(toPage(request, items, count, query));
  },
  { roles: PUBLISHER_ROLES },
);

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
