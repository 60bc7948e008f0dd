import { readOnlyListRoute } from "@/server/http/read-only-list-route";
import { reportByApi } from "@/server/reports/report-by-api";
import { reportQuerySchema } from "@/server/reports/report.schemas";

/** GET /api/management/reports/byApi?apiId=&gatewayId=&from=&to= — each API's attempts (101 / 4xx / 5xx), messages and bytes over the window, busiest first. */
export const { GET, PUT, PATCH, POST, DELETE } = readOnlyListRoute("/reports/byApi", reportQuerySchema, reportByApi);
