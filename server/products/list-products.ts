import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { products } from "@/db/schema/index";
import type { ProductRow } from "./to-product-contract";

/** One page of products ordered by id (only published ones when `publishedOnly`, the one with id `name` when given), and how many there are. */
export function listProducts(
  db: Db,
  page: { top: number; skip: number },
  options: { publishedOnly?: boolean; name?: string } = {},
): { items: ProductRow[]; count: number } {
  const where = and(options.publishedOnly ? eq(products.state, "published") : undefined, options.name === undefined ? undefined : eq(products.id, options.name));
  const items = db.select().from(products).where(where).orderBy(asc(products.id)).limit(page.top).offset(page.skip).all();
  const total = db.select({ n: count() }).from(products).where(where).get()?.n ?? 0;
  return { items, count: total };
}
