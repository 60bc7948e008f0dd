import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { apis, productApis, products } from "@/db/schema/index";
import type { PortalProduct } from "./portal-api";

/** The published products, ordered by display name, each with its APIs (ordered by display name). */
export function listPortalProducts(db: DbExecutor): PortalProduct[] {
  const published = db.select().from(products).where(eq(products.state, "published")).orderBy(asc(products.displayName), asc(products.id)).all();
  const links = db
    .select({ productId: productApis.productId, api: apis })
    .from(productApis)
    .innerJoin(apis, eq(apis.id, productApis.apiId))
    .orderBy(asc(apis.displayName))
    .all();
  return published.map((product) => ({ product, apis: links.filter((link) => link.productId === product.id).map((link) => link.api) }));
}
