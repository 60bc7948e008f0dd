import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { productApis, products } from "@/db/schema/index";
import { listPagedJoin } from "@/server/list-paged-join";
import type { ProductRow } from "@/server/products/to-product-contract";

/** One page of the products an API belongs to, ordered by id (only published ones when `publishedOnly`), and how many. */
export function listApiProducts(
  db: Db,
  apiId: string,
  page: { top: number; skip: number },
  options: { publishedOnly?: boolean } = {},
): { items: ProductRow[]; count: number } {
  const where = and(eq(productApis.apiId, apiId), options.publishedOnly ? eq(products.state, "published") : undefined);
  return listPagedJoin(db, { link: productApis, target: products, on: eq(products.id, productApis.productId), where, orderBy: products.id }, page);
}
