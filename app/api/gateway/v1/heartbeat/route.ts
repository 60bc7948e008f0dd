import { heartbeatRequestSchema } from "@/gateway/remote/protocol";
import { withGatewayAuth } from "@/server/gateway-sync/gateway-route";
import { readCappedJson } from "@/server/gateway-sync/read-capped-json";
import { recordGatewayHeartbeat } from "@/server/gateway-sync/record-gateway-heartbeat";
import { parseOrThrow } from "@/server/http/validation";

/** POST /api/gateway/v1/heartbeat: one instance of the token's gateway is alive; 204. */
export const POST = withGatewayAuth(async ({ request, db, gatewayId }) => {
  const beat = parseOrThrow(heartbeatRequestSchema, await readCappedJson(request, 16 * 1024));
  recordGatewayHeartbeat(db, gatewayId, beat);
  return new Response(null, { status: 204 });
});
