import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow, queryObject } from "@/server/http/validation";
import { metricsQuerySchema } from "@/server/metrics/metrics.schemas";
import { sumMetrics } from "@/server/metrics/sum-metrics";

/** GET /api/management/metrics?apiId=&gatewayId=&from=&to=&responseCode= — per minute, oldest first; administrators and publishers. */
export const GET = withManagementAuth(
  ({ request, db }) => {
    const query = parseOrThrow(metricsQuerySchema, queryObject(request));
    const value = sumMetrics(db, query);
    // One window, at most a week of minutes: not paged.
    return Response.json({ value, count: value.length, nextLink: null });
  },
  { roles: PUBLISHER_ROLES },
);

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
