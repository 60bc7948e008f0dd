import { seesPublishedOnly } from "@/server/auth/roles";
import { closeConnectionsAsked } from "@/server/connections/close-open-connections";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow, queryObject, readJsonObject } from "@/server/http/validation";
import { deleteProduct } from "@/server/products/delete-product";
import { getProductOrThrow } from "@/server/products/get-product-or-throw";
import { patchProduct } from "@/server/products/patch-product";
import {
  productDeleteQuerySchema,
  productIdSchema,
  productPatchBodySchema,
  productPutBodySchema,
} from "@/server/products/product.schemas";
import { putProduct } from "@/server/products/put-product";
import { toProductContract } from "@/server/products/to-product-contract";

/** GET /api/management/products/{productId} — a developer gets 404 for an unpublished product. */
export const GET = withManagementAuth("/products/{productId}", "get", ({ params, db, principal }) => {
  const productId = parseOrThrow(productIdSchema, params.productId, "productId");
  return Response.json(toProductContract(getProductOrThrow(db, productId, { publishedOnly: seesPublishedOnly(principal) })));
});

/** PUT /api/management/products/{productId}: 201 when created, 200 when replaced. */
export const PUT = withManagementAuth("/products/{productId}", "put", async ({ request, params, db }) => {
  const productId = parseOrThrow(productIdSchema, params.productId, "productId");
  const body = parseOrThrow(productPutBodySchema, await readJsonObject(request));
  const { product, created } = putProduct(db, productId, body.properties);
  return Response.json(toProductContract(product), { status: created ? 201 : 200 });
});

/** PATCH /api/management/products/{productId}: merges the given properties. */
export const PATCH = withManagementAuth("/products/{productId}", "patch", async ({ request, params, db }) => {
  const productId = parseOrThrow(productIdSchema, params.productId, "productId");
  const body = parseOrThrow(productPatchBodySchema, await readJsonObject(request));
  return Response.json(toProductContract(patchProduct(db, productId, body.properties)));
});

/** DELETE /api/management/products/{productId}[?deleteSubscriptions=true[&closeConnections=true]]: 200 when deleted, 204 when there was none. */
export const DELETE = withManagementAuth("/products/{productId}", "delete", ({ request, params, db, principal }) => {
  const productId = parseOrThrow(productIdSchema, params.productId, "productId");
  const query = parseOrThrow(productDeleteQuerySchema, queryObject(request));
  const closeConnections = closeConnectionsAsked(query, principal);
  const deleted = deleteProduct(db, productId, { deleteSubscriptions: query.deleteSubscriptions === "true", closeConnections });
  return new Response(null, { status: deleted ? 200 : 204 });
});

export const { POST } = methodsNotAllowed("/products/{productId}");
