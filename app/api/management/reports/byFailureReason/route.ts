import { readOnlyListRoute } from "@/server/http/read-only-list-route";
import { reportByFailureReason } from "@/server/reports/report-by-failure-reason";
import { reportQuerySchema } from "@/server/reports/report.schemas";

/** GET /api/management/reports/byFailureReason?apiId=&gatewayId=&from=&to= — refused and failed handshakes by reason and status over the window, commonest first. */
export const { GET, PUT, PATCH, POST, DELETE } = readOnlyListRoute("/reports/byFailureReason", reportQuerySchema, reportByFailureReason);
