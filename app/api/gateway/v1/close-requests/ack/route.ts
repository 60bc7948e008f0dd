import { closeRequestsAckSchema } from "@/gateway/remote/protocol";
import { acknowledgeCloseRequests } from "@/server/gateway-sync/acknowledge-close-requests";
import { withGatewayAuth } from "@/server/gateway-sync/gateway-route";
import { readCappedJson } from "@/server/gateway-sync/read-capped-json";
import { parseOrThrow } from "@/server/http/validation";

/** POST /api/gateway/v1/close-requests/ack: what became of each request; 204. */
export const POST = withGatewayAuth(async ({ request, db, gatewayId }) => {
  const ack = parseOrThrow(closeRequestsAckSchema, await readCappedJson(request, 256 * 1024));
  acknowledgeCloseRequests(db, gatewayId, ack);
  return new Response(null, { status: 204 });
});
