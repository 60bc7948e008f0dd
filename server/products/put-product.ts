import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { products } from "@/db/schema/index";
import { putAudited } from "@/server/audit/record-audit";
import { assertProductConsistent } from "./assert-product-consistent";
import type { ProductProperties } from "./product.schemas";
import { toProductContract, type ProductRow } from "./to-product-contract";

/** Creates the product or replaces all of its properties. */
export function putProduct(db: Db, productId: string, properties: ProductProperties): { product: ProductRow; created: boolean } {
  assertProductConsistent(properties);
  const { row: product, created } = putAudited(db, {
    resource: `/products/${productId}`,
    find: (tx) => tx.select().from(products).where(eq(products.id, productId)).get(),
    update: (tx) => tx.update(products).set(properties).where(eq(products.id, productId)).returning().get(),
    insert: (tx) => tx.insert(products).values({ id: productId, ...properties }).returning().get(),
    toContract: toProductContract,
  });
  return { product, created };
}
