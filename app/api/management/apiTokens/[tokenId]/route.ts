import { apiTokenIdSchema } from "@/server/api-tokens/api-token.schemas";
import { getApiTokenOrThrow } from "@/server/api-tokens/get-api-token-or-throw";
import { revokeApiToken } from "@/server/api-tokens/revoke-api-token";
import { toApiTokenContract } from "@/server/api-tokens/to-api-token-contract";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow } from "@/server/http/validation";

/** GET /api/management/apiTokens/{tokenId}: without its secret. */
export const GET = withManagementAuth("/apiTokens/{tokenId}", "get", ({ params, db }) => {
  const tokenId = parseOrThrow(apiTokenIdSchema, params.tokenId, "tokenId");
  return Response.json(toApiTokenContract(getApiTokenOrThrow(db, tokenId)));
});

/** DELETE /api/management/apiTokens/{tokenId}: revokes it (the record stays); 200, or 204 when there is no such token. */
export const DELETE = withManagementAuth("/apiTokens/{tokenId}", "delete", ({ params, db }) => {
  const tokenId = parseOrThrow(apiTokenIdSchema, params.tokenId, "tokenId");
  return new Response(null, { status: revokeApiToken(db, tokenId) ? 200 : 204 });
});

export const { PUT, PATCH, POST } = methodsNotAllowed("/apiTokens/{tokenId}");
