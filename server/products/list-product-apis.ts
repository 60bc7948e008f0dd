import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apis, productApis } from "@/db/schema/index";
import { listPagedJoin } from "@/server/list-paged-join";
import type { ApiRow } from "@/server/apis/to-api-contract";

/** One page of the APIs a product contains, ordered by id, and how many it has. */
export function listProductApis(db: Db, productId: string, page: { top: number; skip: number }): { items: ApiRow[]; count: number } {
  return listPagedJoin(
    db,
    { link: productApis, target: apis, on: eq(apis.id, productApis.apiId), where: eq(productApis.productId, productId), orderBy: apis.id },
    page,
  );
}
