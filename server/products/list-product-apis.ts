import "server-only";
import { asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apis, productApis } from "@/db/schema/index";
import type { ApiRow } from "@/server/apis/to-api-contract";

/** One page of the APIs a product contains, ordered by id, and how many it has. */
export function listProductApis(db: Db, productId: string, page: { top: number; skip: number }): { items: ApiRow[]; count: number } {
  const inProduct = eq(productApis.productId, productId);
  const items = db
    .select({ api: apis })
    .from(productApis)
    .innerJoin(apis, eq(apis.id, productApis.apiId))
    .where(inProduct)
    .orderBy(asc(apis.id))
    .limit(page.top)
    .offset(page.skip)
    .all()
    .map((row) => row.api);
  return { items, count: db.select({ n: count() }).from(productApis).where(inProduct).get()?.n ?? 0 };
}
