import { toApiContract } from "@/server/apis/to-api-contract";
import { seesPublishedOnly } from "@/server/auth/roles";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";
import { getProductOrThrow } from "@/server/products/get-product-or-throw";
import { listProductApis } from "@/server/products/list-product-apis";
import { productIdSchema } from "@/server/products/product.schemas";

/** GET /api/management/products/{productId}/apis: the APIs in the product (developers: a published product's, without backend URLs). */
export const GET = withManagementAuth("/products/{productId}/apis", "get", ({ request, params, db, principal }) => {
  const productId = parseOrThrow(productIdSchema, params.productId, "productId");
  const query = parseOrThrow(pageQuerySchema, queryObject(request));
  const publishedOnly = seesPublishedOnly(principal);
  getProductOrThrow(db, productId, { publishedOnly });
  const { items, count } = listProductApis(db, productId, { top: query.$top, skip: query.$skip });
  return Response.json(toPage(request, items.map((row) => toApiContract(row, { omitServiceUrl: publishedOnly })), count, query));
});

// APIs join a product with PUT /products/{productId}/apis/{apiId}.
export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/products/{productId}/apis");
