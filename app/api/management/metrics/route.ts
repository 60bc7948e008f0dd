import { readOnlyListRoute } from "@/server/http/read-only-list-route";
import { metricsQuerySchema } from "@/server/metrics/metrics.schemas";
import { sumMetrics } from "@/server/metrics/sum-metrics";

/** GET /api/management/metrics?apiId=&gatewayId=&from=&to=&responseCode=&interval=&$top=&$skip= — per interval, oldest first. */
export const { GET, PUT, PATCH, POST, DELETE } = readOnlyListRoute("/metrics", metricsQuerySchema, sumMetrics);
