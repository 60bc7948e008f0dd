import { stringify } from "yaml";
import { z } from "zod";
import { apiIdSchema } from "@/server/apis/api.schemas";
import { generateAsyncApi } from "@/server/asyncapi/generate-asyncapi";
import { authenticateApiToken } from "@/server/auth/authenticate-api-token";
import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { authenticateSessionRequest } from "@/server/auth/session-token";
import { getDb } from "@/server/db";
import { publicGateway } from "@/server/env";
import { errorResponse } from "@/server/http/errors";
import { parseOrThrow, queryObject } from "@/server/http/validation";
import { getPortalApiOrThrow } from "@/server/portal/get-portal-api-or-throw";

const querySchema = z.object({
  format: z.enum(["json", "yaml"]).default("json"),
  /** Any value: answer as a file to save (Content-Disposition: attachment). */
  download: z.string().optional(),
});

/**
 * GET /api/portal/apis/{apiId}/asyncapi[?format=yaml][&download=1] — the API's AsyncAPI 3.0.0
 * document, for anyone who may see the API in the developer portal (it is in a published
 * product); administrators and publishers (session or bearer token) get any API's.
 */
export async function GET(request: Request, context: { params: Promise<{ apiId: string }> }): Promise<Response> {
  try {
    const db = getDb();
    const apiId = parseOrThrow(apiIdSchema, (await context.params).apiId, "apiId");
    const query = parseOrThrow(querySchema, queryObject(request));
    const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    const principal = bearer ? authenticateApiToken(db, bearer) : await authenticateSessionRequest(db, request);
    const includeUnpublished = principal !== null && principal.gatewayId === null && PUBLISHER_ROLES.includes(principal.role);
    const { api } = getPortalApiOrThrow(db, apiId, { includeUnpublished });

    const document = generateAsyncApi(api, publicGateway());
    const headers: Record<string, string> = { "Cache-Control": "no-store" };
    if (query.download !== undefined) headers["Content-Disposition"] = `attachment; filename="${api.id}-asyncapi.${query.format}"`;
    if (query.format === "yaml") {
      return new Response(stringify(document, { aliasDuplicateObjects: false }), { headers: { ...headers, "Content-Type": "application/yaml; charset=utf-8" } });
    }
    return new Response(`${JSON.stringify(document, null, 2)}\n`, { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
  } catch (error) {
    return errorResponse(error);
  }
}
