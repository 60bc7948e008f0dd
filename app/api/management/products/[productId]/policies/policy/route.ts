import { policyRouteHandlers } from "@/server/policies/policy-route-handlers";
import { parseOrThrow } from "@/server/http/validation";
import { productIdSchema } from "@/server/products/product.schemas";

/** GET / PUT / DELETE /api/management/products/{productId}/policies/policy */
const handlers = policyRouteHandlers<{ productId: string }>("/products/{productId}/policies/policy", (params) => ({
  scope: "product",
  id: parseOrThrow(productIdSchema, params.productId, "productId"),
}));

export const GET = handlers.GET;
export const PUT = handlers.PUT;
export const DELETE = handlers.DELETE;
export const POST = handlers.POST;
export const PATCH = handlers.PATCH;
