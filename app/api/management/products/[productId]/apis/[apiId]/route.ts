import { apiIdSchema } from "@/server/apis/api.schemas";
import { toApiContract } from "@/server/apis/to-api-contract";
import { linkRouteHandlers } from "@/server/http/link-route";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { linkProductApi } from "@/server/products/link-product-api";
import { productIdSchema } from "@/server/products/product.schemas";
import { unlinkProductApi } from "@/server/products/unlink-product-api";

const handlers = linkRouteHandlers({ productId: productIdSchema, apiId: apiIdSchema }, {
  link: (db, { productId, apiId }) => {
    const { api, created } = linkProductApi(db, productId, apiId);
    return { contract: toApiContract(api), created };
  },
  unlink: (db, { productId, apiId }) => unlinkProductApi(db, productId, apiId),
});

/** PUT /api/management/products/{productId}/apis/{apiId}: adds the API; 201 when added, 200 when it was there. */
export const PUT = withManagementAuth("/products/{productId}/apis/{apiId}", "put", handlers.put);

/** DELETE /api/management/products/{productId}/apis/{apiId}: 200 when removed, 204 when it was not in the product. */
export const DELETE = withManagementAuth("/products/{productId}/apis/{apiId}", "delete", handlers.delete);

export const { GET, PATCH, POST } = methodsNotAllowed("/products/{productId}/apis/{apiId}");
