import { seesPublishedOnly } from "@/server/auth/roles";
import { authenticateSessionRequest } from "@/server/auth/session-token";
import { getDb } from "@/server/db";
import { errorResponse, NotFoundError, UnauthorizedError } from "@/server/http/errors";
import { parseOrThrow } from "@/server/http/validation";
import { getHandshakeTrace } from "@/server/traces/get-handshake-trace";
import { handshakeTraceParamsSchema } from "@/server/traces/handshake-trace.schemas";

/**
 * GET /api/portal/handshake-traces/{traceId}: why the test console's handshake failed, from the
 * gateway's own log row (a browser hides a refused handshake's status). Any signed-in user
 * (session cookie): the trace id is random and only its console knows it; developers only for
 * APIs they may see (published). 404 until the
 * gateway has written the row, so the console polls.
 */
export async function GET(request: Request, context: { params: Promise<{ traceId: string }> }): Promise<Response> {
  try {
    const db = getDb();
    // The session from the request's own cookie (the same check as getPortalPrincipal, without next/headers).
    const principal = await authenticateSessionRequest(db, request);
    if (!principal) throw new UnauthorizedError("Sign in to read handshake traces.");
    const { traceId } = parseOrThrow(handshakeTraceParamsSchema, await context.params);
    const trace = getHandshakeTrace(db, traceId, { publishedOnly: seesPublishedOnly(principal) });
    if (!trace) throw new NotFoundError(`No handshake with trace id '${traceId}' has been logged yet.`);
    return Response.json(trace, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
