import { apiIdSchema, apiPathSchema } from "@/server/apis/api.schemas";
import { listApis } from "@/server/apis/list-apis";
import { toApiContract } from "@/server/apis/to-api-contract";
import { seesPublishedOnly } from "@/server/auth/roles";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";

/**
 * `?path=` finds the API that uses a URL suffix, `?name=` the API with an id: the portal checks
 * availability while you type with an answer of 200 (an empty list) rather than a 404.
 */
const listQuerySchema = pageQuerySchema.extend({ path: apiPathSchema.optional(), name: apiIdSchema.optional() });

/** GET /api/management/apis?$top=&$skip=&path=&name= — developers see published APIs only, without their backend URL. */
export const GET = withManagementAuth("/apis", "get", ({ request, db, principal }) => {
  const query = parseOrThrow(listQuerySchema, queryObject(request));
  const publishedOnly = seesPublishedOnly(principal);
  const { items, count } = listApis(db, { top: query.$top, skip: query.$skip }, { path: query.path, name: query.name, publishedOnly });
  return Response.json(toPage(request, items.map((row) => toApiContract(row, { omitServiceUrl: publishedOnly })), count, query));
});

// APIs are created with PUT /apis/{apiId}, as in Azure API Management.
export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/apis");
