import type { ApiRow } from "@/server/apis/to-api-contract";
import type { ProductRow } from "@/server/products/to-product-contract";

/** An API as the developer portal lists it: with the published products it is in. */
export interface PortalApi {
  api: ApiRow;
  products: ProductRow[];
}

/** A published product as the developer portal lists it: with its APIs. */
export interface PortalProduct {
  product: ProductRow;
  apis: ApiRow[];
}
