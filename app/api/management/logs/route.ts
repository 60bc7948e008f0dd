import { readOnlyListRoute } from "@/server/http/read-only-list-route";
import { listGatewayLogs } from "@/server/logs/list-gateway-logs";
import { logQuerySchema } from "@/server/logs/log.schemas";

/** GET /api/management/logs?apiId=&from=&to=&responseCode=&subscriptionId=&callerIp= — newest first. */
export const { GET, PUT, PATCH, POST, DELETE } = readOnlyListRoute("/logs", logQuerySchema, listGatewayLogs);
