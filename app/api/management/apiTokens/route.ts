import { apiTokenCreateBodySchema } from "@/server/api-tokens/api-token.schemas";
import { createApiToken } from "@/server/api-tokens/create-api-token";
import { listApiTokens } from "@/server/api-tokens/list-api-tokens";
import { toApiTokenContract } from "@/server/api-tokens/to-api-token-contract";
import { ADMINISTRATOR_ROLES } from "@/server/auth/roles";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject, readJsonObject } from "@/server/http/validation";

const options = { roles: ADMINISTRATOR_ROLES };

/** GET /api/management/apiTokens: every token, without its secret. */
export const GET = withManagementAuth(({ request, db }) => {
  const query = parseOrThrow(pageQuerySchema, queryObject(request));
  const { items, count } = listApiTokens(db, { top: query.$top, skip: query.$skip });
  const now = new Date();
  return Response.json(toPage(request, items.map((row) => toApiTokenContract(row, now)), count, query));
}, options);

/** POST /api/management/apiTokens: 201 with `properties.token`, the only time it is shown. */
export const POST = withManagementAuth(async ({ request, db }) => {
  const body = parseOrThrow(apiTokenCreateBodySchema, await readJsonObject(request));
  return Response.json(createApiToken(db, body.properties), { status: 201, headers: { "Cache-Control": "no-store" } });
}, options);

export const PUT = methodNotAllowed(["GET", "POST"]);
export const PATCH = PUT;
export const DELETE = PUT;
