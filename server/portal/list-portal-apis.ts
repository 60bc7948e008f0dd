import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { apis, productApis, products } from "@/db/schema/index";
import type { PortalApi } from "./portal-api";

/**
 * The developer portal's catalog: every API in at least one published product (what any
 * visitor, signed in or not, may see, as in APIM's developer portal), with those products,
 * ordered by display name. `search` matches display name, description and path, ignoring case.
 */
export function listPortalApis(db: DbExecutor, options: { search?: string } = {}): PortalApi[] {
  const rows = db
    .select({ api: apis, product: products })
    .from(apis)
    .innerJoin(productApis, eq(productApis.apiId, apis.id))
    .innerJoin(products, eq(products.id, productApis.productId))
    .where(eq(products.state, "published"))
    .orderBy(asc(apis.displayName), asc(apis.id), asc(products.displayName))
    .all();
  const byId = new Map<string, PortalApi>();
  for (const { api, product } of rows) {
    const entry = byId.get(api.id) ?? { api, products: [] };
    entry.products.push(product);
    byId.set(api.id, entry);
  }
  const needle = options.search?.trim().toLowerCase();
  const all = [...byId.values()];
  if (!needle) return all;
  return all.filter(({ api }) => [api.displayName, api.description, api.path, api.id].some((text) => text.toLowerCase().includes(needle)));
}
