"use client";

import { useApis } from "@/components/apis/api-queries";
import { useProductList } from "@/components/products/product-queries";

/** The choices of a scope picker: every API, each API, each product. */
export function useScopeOptions() {
  const apis = useApis();
  const products = useProductList();
  return {
    isPending: apis.isPending || products.isPending,
    apis: (apis.data ?? []).map((a) => ({ value: `/apis/${a.name}`, label: a.properties.displayName })),
    products: (products.data ?? []).map((p) => ({ value: `/products/${p.name}`, label: p.properties.displayName })),
  };
}

/** "All APIs", "API · Chat" or "Product · Starter" for a scope. */
export function ScopeLabel({ scope }: { scope: string }) {
  const options = useScopeOptions();
  if (scope === "/apis") return <span className="font-medium text-slate-800">All APIs</span>;
  const [, kind, id] = scope.split("/");
  const found = [...options.apis, ...options.products].find((o) => o.value === scope);
  return (
    <span className="inline-flex items-baseline gap-1.5">
      <span className="text-xs font-semibold tracking-wide text-slate-400 uppercase">{kind === "products" ? "Product" : "API"}</span>
      <span className="font-medium text-slate-800">{found?.label ?? id}</span>
    </span>
  );
}
