import { apiDeleteQuerySchema, apiIdSchema, apiPatchBodySchema, apiPutBodySchema } from "@/server/apis/api.schemas";
import { deleteApi } from "@/server/apis/delete-api";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import { patchApi } from "@/server/apis/patch-api";
import { putApi } from "@/server/apis/put-api";
import { toApiContract } from "@/server/apis/to-api-contract";
import { seesPublishedOnly } from "@/server/auth/roles";
import { closeConnectionsAsked } from "@/server/connections/close-open-connections";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow, queryObject, readJsonObject } from "@/server/http/validation";

/** GET /api/management/apis/{apiId} — for developers only a published API (else 404), without its backend URL. */
export const GET = withManagementAuth("/apis/{apiId}", "get", ({ params, db, principal }) => {
  const apiId = parseOrThrow(apiIdSchema, params.apiId, "apiId");
  const publishedOnly = seesPublishedOnly(principal);
  return Response.json(toApiContract(getApiOrThrow(db, apiId, { publishedOnly }), { omitServiceUrl: publishedOnly }));
});

/**
 * PUT /api/management/apis/{apiId}: 201 when created, 200 when replaced. With
 * `If-None-Match: *` it only creates: an existing API is a 409 rather than replaced.
 */
export const PUT = withManagementAuth("/apis/{apiId}", "put", async ({ request, params, db }) => {
  const apiId = parseOrThrow(apiIdSchema, params.apiId, "apiId");
  const body = parseOrThrow(apiPutBodySchema, await readJsonObject(request));
  const createOnly = request.headers.get("if-none-match")?.trim() === "*";
  const { api, created } = putApi(db, apiId, body.properties, { createOnly });
  return Response.json(toApiContract(api), { status: created ? 201 : 200 });
});

/** PATCH /api/management/apis/{apiId}: merges the given properties. */
export const PATCH = withManagementAuth("/apis/{apiId}", "patch", async ({ request, params, db }) => {
  const apiId = parseOrThrow(apiIdSchema, params.apiId, "apiId");
  const body = parseOrThrow(apiPatchBodySchema, await readJsonObject(request));
  return Response.json(toApiContract(patchApi(db, apiId, body.properties)));
});

/**
 * DELETE /api/management/apis/{apiId}[?closeConnections=true]: 200 when deleted, 204 when there
 * was no such API (as APIM). With closeConnections its open connections are closed (1008).
 */
export const DELETE = withManagementAuth("/apis/{apiId}", "delete", ({ request, params, db, principal }) => {
  const apiId = parseOrThrow(apiIdSchema, params.apiId, "apiId");
  const query = parseOrThrow(apiDeleteQuerySchema, queryObject(request));
  const closeConnections = closeConnectionsAsked(query, principal);
  return new Response(null, { status: deleteApi(db, apiId, { closeConnections }) ? 200 : 204 });
});

export const { POST } = methodsNotAllowed("/apis/{apiId}");
