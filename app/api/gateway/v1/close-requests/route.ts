import { withGatewayAuth } from "@/server/gateway-sync/gateway-route";
import { listPendingCloseRequests } from "@/server/gateway-sync/list-pending-close-requests";

/** GET /api/gateway/v1/close-requests: the token's gateway's pending connection close requests. */
export const GET = withGatewayAuth(({ db, gatewayId }) => Response.json(listPendingCloseRequests(db, gatewayId), { headers: { "Cache-Control": "no-store" } }));
