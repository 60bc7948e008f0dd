import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { productApis, products } from "@/db/schema/index";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import { NotFoundError } from "@/server/http/errors";
import type { PortalApi } from "./portal-api";

/**
 * An API as the developer portal shows it, with its published products. Throws NotFoundError
 * when it does not exist or is in no published product, unless `includeUnpublished` (a
 * publisher previewing the page): visitors cannot tell the two apart.
 */
export function getPortalApiOrThrow(db: DbExecutor, apiId: string, options: { includeUnpublished?: boolean } = {}): PortalApi {
  const api = getApiOrThrow(db, apiId);
  const inProducts = db
    .select({ product: products })
    .from(productApis)
    .innerJoin(products, eq(products.id, productApis.productId))
    .where(eq(productApis.apiId, apiId))
    .orderBy(asc(products.displayName))
    .all()
    .map((row) => row.product);
  const published = inProducts.filter((product) => product.state === "published");
  if (published.length === 0 && !options.includeUnpublished) throw new NotFoundError(`API '${apiId}' not found.`);
  return { api, products: published };
}
