import { apiIdSchema } from "@/server/apis/api.schemas";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import { listApiProducts } from "@/server/apis/list-api-products";
import { seesPublishedOnly } from "@/server/auth/roles";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";
import { toProductContract } from "@/server/products/to-product-contract";

/** GET /api/management/apis/{apiId}/products: the products the API belongs to (developers: published ones). */
export const GET = withManagementAuth("/apis/{apiId}/products", "get", ({ request, params, db, principal }) => {
  const apiId = parseOrThrow(apiIdSchema, params.apiId, "apiId");
  const query = parseOrThrow(pageQuerySchema, queryObject(request));
  const publishedOnly = seesPublishedOnly(principal);
  getApiOrThrow(db, apiId, { publishedOnly });
  const { items, count } = listApiProducts(db, apiId, { top: query.$top, skip: query.$skip }, { publishedOnly });
  return Response.json(toPage(request, items.map(toProductContract), count, query));
});

// An API joins a product with PUT /products/{productId}/apis/{apiId}.
export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/apis/{apiId}/products");
