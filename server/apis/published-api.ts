import "server-only";
import { and, eq, exists, type AnyColumn, type SQL } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { apis, productApis, products } from "@/db/schema/index";

/**
 * SQL that holds when the API `apiId` names (by default the `apis` row in the query) is in at
 * least one `published` product: what developers may see.
 */
export function isPublishedApi(db: DbExecutor, apiId: AnyColumn = apis.id): SQL {
  return exists(
    db
      .select({ one: productApis.apiId })
      .from(productApis)
      .innerJoin(products, eq(products.id, productApis.productId))
      .where(and(eq(productApis.apiId, apiId), eq(products.state, "published"))),
  );
}
