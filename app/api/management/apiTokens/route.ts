import { apiTokenCreateBodySchema } from "@/server/api-tokens/api-token.schemas";
import { createApiToken } from "@/server/api-tokens/create-api-token";
import { listApiTokens } from "@/server/api-tokens/list-api-tokens";
import { toApiTokenContract } from "@/server/api-tokens/to-api-token-contract";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject, readJsonObject } from "@/server/http/validation";


/** GET /api/management/apiTokens: every token, without its secret. */
export const GET = withManagementAuth("/apiTokens", "get", ({ request, db }) => {
  const query = parseOrThrow(pageQuerySchema, queryObject(request));
  const { items, count } = listApiTokens(db, { top: query.$top, skip: query.$skip });
  const now = new Date();
  return Response.json(toPage(request, items.map((row) => toApiTokenContract(row, now)), count, query));
});

/** POST /api/management/apiTokens: 201 with `properties.token`, the only time it is shown. */
export const POST = withManagementAuth("/apiTokens", "post", async ({ request, db }) => {
  const body = parseOrThrow(apiTokenCreateBodySchema, await readJsonObject(request));
  return Response.json(createApiToken(db, body.properties), { status: 201, headers: { "Cache-Control": "no-store" } });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed("/apiTokens");
