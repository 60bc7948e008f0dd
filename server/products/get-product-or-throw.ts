import "server-only";
import { eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { products } from "@/db/schema/index";
import { NotFoundError } from "@/server/http/errors";
import type { ProductRow } from "./to-product-contract";

/**
 * The product with this id; throws NotFoundError when there is none, or when `publishedOnly`
 * (a developer's view) and it is not published: developers cannot tell the two apart.
 */
export function getProductOrThrow(db: DbExecutor, productId: string, options: { publishedOnly?: boolean } = {}): ProductRow {
  const row = db.select().from(products).where(eq(products.id, productId)).get();
  if (!row || (options.publishedOnly && row.state !== "published")) throw new NotFoundError(`Product '${productId}' not found.`);
  return row;
}
