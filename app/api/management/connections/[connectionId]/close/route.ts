import { closeConnectionBodySchema, connectionIdSchema } from "@/server/connections/connection.schemas";
import { closeRequester } from "@/server/connections/close-open-connections";
import { requestConnectionClose } from "@/server/connections/request-connection-close";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow, readJsonObject } from "@/server/http/validation";

/**
 * POST /api/management/connections/{connectionId}/close `{"reason": "..."}` (body optional):
 * 202 with the close request; its gateway closes the connection with 1008 and the reason
 * within its poll interval. Administrators and publishers.
 */
export const POST = withManagementAuth("/connections/{connectionId}/close", "post", async ({ request, params, db, principal }) => {
  const connectionId = parseOrThrow(connectionIdSchema, params.connectionId, "connectionId");
  const raw = request.body === null || request.headers.get("content-length") === "0" ? {} : await readJsonObject(request);
  const { reason } = parseOrThrow(closeConnectionBodySchema, raw);
  return Response.json(requestConnectionClose(db, connectionId, reason, closeRequester(principal)), { status: 202 });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("/connections/{connectionId}/close");
