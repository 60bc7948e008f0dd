import type { products } from "@/db/schema/index";
import { toResourceContract } from "@/server/http/resource.schemas";
import type { ProductContract } from "./product.schemas";

export type ProductRow = typeof products.$inferSelect;

/** The management API's view of a stored product. */
export function toProductContract(row: ProductRow): ProductContract {
  return toResourceContract("products", row.id, {
    displayName: row.displayName,
    description: row.description,
    subscriptionRequired: row.subscriptionRequired,
    approvalRequired: row.approvalRequired,
    subscriptionsLimit: row.subscriptionsLimit,
    state: row.state,
  });
}
