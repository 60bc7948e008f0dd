import { toApiContract } from "@/server/apis/to-api-contract";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";
import { getProductOrThrow } from "@/server/products/get-product-or-throw";
import { listProductApis } from "@/server/products/list-product-apis";
import { productIdSchema } from "@/server/products/product.schemas";

/** GET /api/management/products/{productId}/apis: the APIs in the product. */
export const GET = withManagementAuth<{ productId: string }>(({ request, params, db, principal }) => {
  const productId = parseOrThrow(productIdSchema, params.productId, "productId");
  const query = parseOrThrow(pageQuerySchema, queryObject(request));
  getProductOrThrow(db, productId, { publishedOnly: principal.role === "developer" });
  const { items, count } = listProductApis(db, productId, { top: query.$top, skip: query.$skip });
  return Response.json(toPage(request, items.map(toApiContract), count, query));
});

// APIs join a product with PUT /products/{productId}/apis/{apiId}.
export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
