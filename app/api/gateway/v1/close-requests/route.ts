import { withGatewayAuth } from "@/server/gateway-sync/gateway-route";
import { listPendingCloseRequests } from "@/server/gateway-sync/list-pending-close-requests";
import { settleUnclaimedCloseRequests } from "@/server/gateway-sync/settle-unclaimed-close-requests";

/** GET /api/gateway/v1/close-requests: the token's gateway's pending connection close requests (those no instance claimed in 30 s settled as notFound first). */
export const GET = withGatewayAuth(({ db, gatewayId }) => {
  settleUnclaimedCloseRequests(db, gatewayId);
  return Response.json(listPendingCloseRequests(db, gatewayId), { headers: { "Cache-Control": "no-store" } });
});
