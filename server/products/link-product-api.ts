import "server-only";
import type { Db } from "@/db/client";
import { productApis } from "@/db/schema/index";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import type { ApiRow } from "@/server/apis/to-api-contract";
import { recordAudit } from "@/server/audit/record-audit";
import { getProductOrThrow } from "./get-product-or-throw";

/** Adds an API to a product (idempotent); throws NotFoundError for an unknown product or API. */
export function linkProductApi(db: Db, productId: string, apiId: string): { api: ApiRow; created: boolean } {
  return db.transaction(
    (tx) => {
      getProductOrThrow(tx, productId);
      const api = getApiOrThrow(tx, apiId);
      const inserted = tx.insert(productApis).values({ productId, apiId }).onConflictDoNothing().returning().all();
      const created = inserted.length > 0;
      if (created) recordAudit(tx, { action: "link", resource: `/products/${productId}/apis/${apiId}`, after: { productId, apiId } });
      return { api, created };
    },
    { behavior: "immediate" },
  );
}
