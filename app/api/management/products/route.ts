import { seesPublishedOnly } from "@/server/auth/roles";
import { listProducts } from "@/server/products/list-products";
import { productIdSchema } from "@/server/products/product.schemas";
import { toProductContract } from "@/server/products/to-product-contract";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";

/** `?name=`: the product with that id, if any (an existence check that answers 200, not 404). */
const listQuerySchema = pageQuerySchema.extend({ name: productIdSchema.optional() });

/** GET /api/management/products?$top=&$skip=&name= — developers see published products only. */
export const GET = withManagementAuth("/products", "get", ({ request, db, principal }) => {
  const query = parseOrThrow(listQuerySchema, queryObject(request));
  const { items, count } = listProducts(db, { top: query.$top, skip: query.$skip }, { publishedOnly: seesPublishedOnly(principal), name: query.name });
  return Response.json(toPage(request, items.map(toProductContract), count, query));
});

// Products are created with PUT /products/{productId}, as in Azure API Management.
export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/products");
