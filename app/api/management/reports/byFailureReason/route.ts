import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";
import { reportByFailureReason } from "@/server/reports/report-by-failure-reason";
import { reportQuerySchema } from "@/server/reports/report.schemas";

/** GET /api/management/reports/byFailureReason?apiId=&gatewayId=&from=&to= — refused and failed handshakes by reason and status over the window, commonest first; administrators and publishers. */
export const GET = withManagementAuth(
  ({ request, db }) => {
    const query = parseOrThrow(reportQuerySchema, queryObject(request));
    const { items, count } = reportByFailureReason(db, query);
    return Response.json(toPage(request, items, count, query));
  },
  { roles: PUBLISHER_ROLES },
);

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
