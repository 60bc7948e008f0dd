import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { products } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { assertProductConsistent } from "./assert-product-consistent";
import { getProductOrThrow } from "./get-product-or-throw";
import type { ProductPatchProperties } from "./product.schemas";
import { toProductContract, type ProductRow } from "./to-product-contract";

/** Merges the given properties into an existing product; throws NotFoundError or ValidationError. */
export function patchProduct(db: Db, productId: string, patch: ProductPatchProperties): ProductRow {
  return db.transaction(
    (tx) => {
      const current = getProductOrThrow(tx, productId);
      const values = {
        displayName: patch.displayName ?? current.displayName,
        description: patch.description ?? current.description,
        subscriptionRequired: patch.subscriptionRequired ?? current.subscriptionRequired,
        approvalRequired: patch.approvalRequired ?? current.approvalRequired,
        // null is a value here (unlimited), so only undefined keeps the stored limit.
        subscriptionsLimit: patch.subscriptionsLimit === undefined ? current.subscriptionsLimit : patch.subscriptionsLimit,
        state: patch.state ?? current.state,
      };
      assertProductConsistent(values);
      const product = tx.update(products).set(values).where(eq(products.id, productId)).returning().get();
      recordAudit(tx, {
        action: "update",
        resource: `/products/${productId}`,
        before: toProductContract(current),
        after: toProductContract(product),
      });
      return product;
    },
    { behavior: "immediate" },
  );
}
