import { apiIdSchema } from "@/server/apis/api.schemas";
import { listApiOperations } from "@/server/apis/list-api-operations";
import { seesPublishedOnly } from "@/server/auth/roles";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow } from "@/server/http/validation";

/** GET /api/management/apis/{apiId}/operations: always the one `onHandshake` operation (developers: of a published API). */
export const GET = withManagementAuth("/apis/{apiId}/operations", "get", ({ params, db, principal }) => {
  const apiId = parseOrThrow(apiIdSchema, params.apiId, "apiId");
  const value = listApiOperations(db, apiId, { publishedOnly: seesPublishedOnly(principal) });
  return Response.json({ value, count: value.length, nextLink: null });
});

// The onHandshake operation is implied by the API and cannot be changed.
export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/apis/{apiId}/operations");
