import type { products } from "@/db/schema/index";
import type { ProductContract } from "./product.schemas";

export type ProductRow = typeof products.$inferSelect;

/** The management API's view of a stored product. */
export function toProductContract(row: ProductRow): ProductContract {
  return {
    id: `/products/${row.id}`,
    name: row.id,
    properties: {
      displayName: row.displayName,
      description: row.description,
      subscriptionRequired: row.subscriptionRequired,
      approvalRequired: row.approvalRequired,
      subscriptionsLimit: row.subscriptionsLimit,
      state: row.state,
    },
  };
}
