import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";
import { reportByApi } from "@/server/reports/report-by-api";
import { reportQuerySchema } from "@/server/reports/report.schemas";

/** GET /api/management/reports/byApi?apiId=&gatewayId=&from=&to= — each API's attempts (101 / 4xx / 5xx), messages and bytes over the window, busiest first; administrators and publishers. */
export const GET = withManagementAuth(
  ({ request, db }) => {
    const query = parseOrThrow(reportQuerySchema, queryObject(request));
    const { items, count } = reportByApi(db, query);
    return Response.json(toPage(request, items, count, query));
  },
  { roles: PUBLISHER_ROLES },
);

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
