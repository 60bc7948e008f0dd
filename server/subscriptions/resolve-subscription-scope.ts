import type { DbExecutor } from "@/db/client";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import { getProductOrThrow } from "@/server/products/get-product-or-throw";
import type { ProductRow } from "@/server/products/to-product-contract";

/**
 * Checks that a scope's API or product exists (NotFoundError otherwise) and returns the
 * product of a `/products/{productId}` scope, null for API scopes.
 */
export function resolveSubscriptionScope(db: DbExecutor, scope: string, options: { publishedOnly?: boolean } = {}): ProductRow | null {
  if (scope.startsWith("/products/")) return getProductOrThrow(db, scope.slice("/products/".length), options);
  if (scope.startsWith("/apis/")) getApiOrThrow(db, scope.slice("/apis/".length), options);
  return null;
}
