import { connectionQuerySchema } from "@/server/connections/connection.schemas";
import { listOpenConnections } from "@/server/connections/list-open-connections";
import { readOnlyListRoute } from "@/server/http/read-only-list-route";

/** GET /api/management/connections?apiId=&gatewayId=&subscriptionId=&callerIp= — open connections, newest first. */
export const { GET, PUT, PATCH, POST, DELETE } = readOnlyListRoute("/connections", connectionQuerySchema, listOpenConnections);
