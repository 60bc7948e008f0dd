import { configQuerySchema } from "@/gateway/remote/protocol";
import { readRevision } from "@/gateway/config/load-snapshot";
import { withGatewayAuth } from "@/server/gateway-sync/gateway-route";
import { longPollHoldMs } from "@/server/gateway-sync/long-poll-hold";
import { readGatewayConfig } from "@/server/gateway-sync/read-gateway-config";
import { waitForRevisionChange } from "@/server/gateway-sync/wait-for-revision-change";
import { parseOrThrow, queryObject } from "@/server/http/validation";

// A held request must not be cached or rendered ahead of time.
export const dynamic = "force-dynamic";

/** How often a held request reads the revision row. */
const REVISION_CHECK_MS = 200;

/**
 * GET /api/gateway/v1/config[?revision=N]: the gateway's configuration at once, or — when N is
 * the current revision — as soon as it moves, or 304 after the hold (long-poll: changes reach
 * gateways within a check interval, through any proxy that passes plain HTTP).
 */
export const GET = withGatewayAuth(async ({ request, db, secrets, gatewayId }) => {
  const query = parseOrThrow(configQuerySchema, queryObject(request));
  const headers = { "Cache-Control": "no-store" };
  if (query.revision !== undefined && query.revision === readRevision(db)) {
    const moved = await waitForRevisionChange(query.revision, {
      read: () => readRevision(db),
      holdMs: longPollHoldMs(),
      intervalMs: REVISION_CHECK_MS,
      signal: request.signal,
    });
    if (moved === null) return new Response(null, { status: 304, headers });
  }
  return Response.json(readGatewayConfig(db, secrets, gatewayId), { headers });
});
