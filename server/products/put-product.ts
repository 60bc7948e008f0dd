import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { products } from "@/db/schema/index";
import { saveAudited } from "@/server/audit/record-audit";
import { assertProductConsistent } from "./assert-product-consistent";
import type { ProductProperties } from "./product.schemas";
import { toProductContract, type ProductRow } from "./to-product-contract";

/** Creates the product or replaces all of its properties. */
export function putProduct(db: Db, productId: string, properties: ProductProperties): { product: ProductRow; created: boolean } {
  assertProductConsistent(properties);
  return db.transaction(
    (tx) => {
      const existing = tx.select().from(products).where(eq(products.id, productId)).get();
      const product = saveAudited(tx, {
        resource: `/products/${productId}`,
        existing,
        update: () => tx.update(products).set(properties).where(eq(products.id, productId)).returning().get(),
        insert: () => tx.insert(products).values({ id: productId, ...properties }).returning().get(),
        toContract: toProductContract,
      });
      return { product, created: !existing };
    },
    { behavior: "immediate" },
  );
}
