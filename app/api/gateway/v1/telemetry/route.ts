import { TELEMETRY_MAX_BYTES, telemetryRequestSchema } from "@/gateway/remote/protocol";
import { withGatewayAuth } from "@/server/gateway-sync/gateway-route";
import { ingestGatewayTelemetry } from "@/server/gateway-sync/ingest-gateway-telemetry";
import { readCappedJson } from "@/server/gateway-sync/read-capped-json";
import { takeTelemetrySlot } from "@/server/gateway-sync/telemetry-rate-limit";
import { parseOrThrow } from "@/server/http/validation";

/** POST /api/gateway/v1/telemetry: log rows and minute deltas, filed under the token's gateway; 204 (413 too big, 429 too often). */
export const POST = withGatewayAuth(async ({ request, db, gatewayId }) => {
  takeTelemetrySlot(gatewayId);
  const batch = parseOrThrow(telemetryRequestSchema, await readCappedJson(request, TELEMETRY_MAX_BYTES));
  ingestGatewayTelemetry(db, gatewayId, batch);
  return new Response(null, { status: 204 });
});
