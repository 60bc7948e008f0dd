import "server-only";
import { asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { products } from "@/db/schema/index";
import type { ProductRow } from "./to-product-contract";

/** One page of products ordered by id (only published ones when `publishedOnly`), and how many there are. */
export function listProducts(
  db: Db,
  page: { top: number; skip: number },
  options: { publishedOnly?: boolean } = {},
): { items: ProductRow[]; count: number } {
  const where = options.publishedOnly ? eq(products.state, "published") : undefined;
  const items = db.select().from(products).where(where).orderBy(asc(products.id)).limit(page.top).offset(page.skip).all();
  const total = db.select({ n: count() }).from(products).where(where).get()?.n ?? 0;
  return { items, count: total };
}
