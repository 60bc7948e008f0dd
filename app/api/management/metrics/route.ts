import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";
import { metricsQuerySchema } from "@/server/metrics/metrics.schemas";
import { sumMetrics } from "@/server/metrics/sum-metrics";

/** GET /api/management/metrics?apiId=&gatewayId=&from=&to=&responseCode=&interval=&$top=&$skip= — per interval, oldest first; administrators and publishers. */
export const GET = withManagementAuth(
  ({ request, db }) => {
    const query = parseOrThrow(metricsQuerySchema, queryObject(request));
    const { items, count } = sumMetrics(db, query);
    return Response.json(toPage(request, items, count, query));
  },
  { roles: PUBLISHER_ROLES },
);

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
