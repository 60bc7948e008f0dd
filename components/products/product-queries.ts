"use client";

import { useQuery } from "@tanstack/react-query";
import { managementFetch, managementList, type Page } from "@/components/admin/management-fetch";
import type { ApiContract } from "@/server/apis/api.schemas";
import type { ProductContract } from "@/server/products/product.schemas";

/** Query keys of the products screens; `productKeys.all` invalidates every one of them. */
export const productKeys = {
  all: ["products"] as const,
  list: ["products", "list-full"] as const,
  detail: (id: string) => ["products", "detail", id] as const,
  apis: (id: string) => ["products", "apis", id] as const,
  apiCount: (id: string) => ["products", "api-count", id] as const,
};

const at = (id: string) => `/products/${encodeURIComponent(id)}`;

/** Every product. */
export function useProductList() {
  return useQuery({ queryKey: productKeys.list, queryFn: () => managementList<ProductContract>("/products") });
}

/** One product. */
export function useProduct(id: string) {
  return useQuery({ queryKey: productKeys.detail(id), queryFn: () => managementFetch<ProductContract>(at(id)) });
}

/** The APIs in a product. */
export function useProductApis(id: string) {
  return useQuery({ queryKey: productKeys.apis(id), queryFn: () => managementList<ApiContract>(`${at(id)}/apis`) });
}

/** How many APIs a product holds (one tiny page: only its count). */
export function useProductApiCount(id: string) {
  return useQuery({ queryKey: productKeys.apiCount(id), queryFn: async () => (await managementFetch<Page<ApiContract>>(`${at(id)}/apis?$top=1`)).count });
}
