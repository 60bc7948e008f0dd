"use client";

import { CatalogTable } from "@/components/admin/catalog-table";
import { ProductsIcon } from "@/components/ui/icons";
import { ProductAccessBadges, ProductStateBadge } from "./product-badges";
import { PRODUCT_CATALOG } from "./product-catalog";
import { useProductApiCount, useProductList } from "./product-queries";

function ApiCount({ productId }: { productId: string }) {
  const count = useProductApiCount(productId);
  if (count.isPending) return <span className="inline-block h-4 w-6 animate-pulse rounded bg-slate-100" aria-label="Loading" />;
  if (count.isError) return <span className="text-slate-400">—</span>;
  return <span className="tabular-nums">{count.data}</span>;
}

/** The products, searchable by name. */
export function ProductsList() {
  return (
    <CatalogTable
      catalog={PRODUCT_CATALOG}
      query={useProductList()}
      icon={<ProductsIcon className="h-6 w-6" />}
      search={{ id: "product-search", text: (p) => `${p.name} ${p.properties.displayName} ${p.properties.description}`, noMatchHint: "Try another word, or clear the search." }}
      columns={[
        { header: "State", cell: (product) => <ProductStateBadge state={product.properties.state} /> },
        { header: "Access", cell: (product) => <ProductAccessBadges product={product} /> },
        { header: "APIs", className: "text-right", cell: (product) => <ApiCount productId={product.name} /> },
      ]}
    />
  );
}
