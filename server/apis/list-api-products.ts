import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { productApis, products } from "@/db/schema/index";
import type { ProductRow } from "@/server/products/to-product-contract";

/** One page of the products an API belongs to, ordered by id (only published ones when `publishedOnly`), and how many. */
export function listApiProducts(
  db: Db,
  apiId: string,
  page: { top: number; skip: number },
  options: { publishedOnly?: boolean } = {},
): { items: ProductRow[]; count: number } {
  const where = and(eq(productApis.apiId, apiId), options.publishedOnly ? eq(products.state, "published") : undefined);
  const items = db
    .select({ product: products })
    .from(productApis)
    .innerJoin(products, eq(products.id, productApis.productId))
    .where(where)
    .orderBy(asc(products.id))
    .limit(page.top)
    .offset(page.skip)
    .all()
    .map((row) => row.product);
  const total = db.select({ n: count() }).from(productApis).innerJoin(products, eq(products.id, productApis.productId)).where(where).get()?.n ?? 0;
  return { items, count: total };
}
