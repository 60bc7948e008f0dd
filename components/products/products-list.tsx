"use client";

import { ButtonLink } from "@/components/ui/button";
import { PlusIcon, ProductsIcon } from "@/components/ui/icons";
import { ResourceTable, RowTitle } from "@/components/resources/resource-table";
import type { ProductContract } from "@/server/products/product.schemas";
import { ProductAccessBadges, ProductStateBadge } from "./product-badges";
import { useProductApiCount, useProductList } from "./product-queries";

const href = (product: ProductContract) => `/admin/products/${encodeURIComponent(product.name)}`;

function ApiCount({ productId }: { productId: string }) {
  const count = useProductApiCount(productId);
  if (count.isPending) return <span className="inline-block h-4 w-6 animate-pulse rounded bg-slate-100" aria-label="Loading" />;
  if (count.isError) return <span className="text-slate-400">—</span>;
  return <span className="tabular-nums">{count.data}</span>;
}

/** The products, searchable by name. */
export function ProductsList() {
  return (
    <ResourceTable
      query={useProductList()}
      noun={{ one: "product", many: "products" }}
      label="Products"
      empty={{
        icon: <ProductsIcon className="h-6 w-6" />,
        title: "No products yet",
        description: "A product bundles APIs that developers subscribe to together, with approval and a subscription limit if you want them.",
        action: (
          <ButtonLink href="/admin/products/new" icon={<PlusIcon className="h-4 w-4" />}>
            Add product
          </ButtonLink>
        ),
      }}
      search={{
        id: "product-search",
        label: "Search products",
        placeholder: "Search products",
        text: (p) => `${p.name} ${p.properties.displayName} ${p.properties.description}`,
        noMatchHint: "Try another word, or clear the search.",
      }}
      rowHref={href}
      columns={[
        {
          header: "Name",
          cell: (product) => (
            <RowTitle href={href(product)} title={product.properties.displayName}>
              <p className="font-mono text-xs text-slate-500">{product.name}</p>
            </RowTitle>
          ),
        },
        { header: "State", cell: (product) => <ProductStateBadge state={product.properties.state} /> },
        { header: "Access", cell: (product) => <ProductAccessBadges product={product} /> },
        { header: "APIs", className: "text-right", cell: (product) => <ApiCount productId={product.name} /> },
      ]}
    />
  );
}
