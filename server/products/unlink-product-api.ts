import "server-only";
import type { Db } from "@/db/client";
import { productApis } from "@/db/schema/index";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import { deleteLink } from "@/server/delete-link";
import { getProductOrThrow } from "./get-product-or-throw";

/**
 * Removes an API from a product; false when it was not in it. Throws NotFoundError for an
 * unknown product or API, so a typo is not mistaken for "already removed".
 */
export function unlinkProductApi(db: Db, productId: string, apiId: string): boolean {
  return deleteLink(db, { table: productApis, ids: { productId, apiId }, resource: `/products/${productId}/apis/${apiId}` }, (tx) => {
    getProductOrThrow(tx, productId);
    getApiOrThrow(tx, apiId);
  });
}
