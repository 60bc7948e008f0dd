import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { productApis } from "@/db/schema/index";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import { recordAudit } from "@/server/audit/record-audit";
import { getProductOrThrow } from "./get-product-or-throw";

/**
 * Removes an API from a product; false when it was not in it. Throws NotFoundError for an
 * unknown product or API, so a typo is not mistaken for "already removed".
 */
export function unlinkProductApi(db: Db, productId: string, apiId: string): boolean {
  return db.transaction(
    (tx) => {
      getProductOrThrow(tx, productId);
      getApiOrThrow(tx, apiId);
      const deleted = tx
        .delete(productApis)
        .where(and(eq(productApis.productId, productId), eq(productApis.apiId, apiId)))
        .returning()
        .all();
      if (deleted.length === 0) return false;
      recordAudit(tx, { action: "unlink", resource: `/products/${productId}/apis/${apiId}`, before: { productId, apiId } });
      return true;
    },
    { behavior: "immediate" },
  );
}
