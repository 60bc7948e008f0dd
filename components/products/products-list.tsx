"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { ButtonLink } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus";
import { PlusIcon, ProductsIcon, SearchIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import type { ProductContract } from "@/server/products/product.schemas";
import { ProductAccessBadges, ProductStateBadge } from "./product-badges";
import { useProductApiCount, useProductList } from "./product-queries";

function ApiCount({ productId }: { productId: string }) {
  const count = useProductApiCount(productId);
  if (count.isPending) return <span className="inline-block h-4 w-6 animate-pulse rounded bg-slate-100" aria-label="Loading" />;
  if (count.isError) return <span className="text-slate-400">—</span>;
  return <span className="tabular-nums">{count.data}</span>;
}

/** The products, searchable by name. */
export function ProductsList() {
  const products = useProductList();
  const router = useRouter();
  const [query, setQuery] = useState("");
  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (products.data ?? []).filter((p: ProductContract) => !q || `${p.name} ${p.properties.displayName} ${p.properties.description}`.toLowerCase().includes(q));
  }, [products.data, query]);

  if (products.isPending) return <ListSkeleton label="Loading products" />;
  if (products.isError) return <ErrorNotice>The products could not be loaded: {products.error.message}</ErrorNotice>;
  if (products.data.length === 0) {
    return (
      <EmptyState
        icon={<ProductsIcon className="h-6 w-6" />}
        title="No products yet"
        description="A product bundles APIs that developers subscribe to together, with approval and a subscription limit if you want them."
        action={
          <ButtonLink href="/admin/products/new" icon={<PlusIcon className="h-4 w-4" />}>
            Add product
          </ButtonLink>
        }
      />
    );
  }
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="relative w-full max-w-sm">
          <label htmlFor="product-search" className="sr-only">
            Search products
          </label>
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-400" />
          <Input id="product-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search products" className="pl-9" autoComplete="off" />
        </div>
        <p className="text-sm text-slate-500" aria-live="polite">
          {query ? `${visible.length} of ${products.data.length} products` : `${products.data.length} product${products.data.length === 1 ? "" : "s"}`}
        </p>
      </div>
      {visible.length === 0 ? (
        <EmptyState icon={<SearchIcon className="h-6 w-6" />} title={`No products match “${query}”`} description="Try another word, or clear the search." />
      ) : (
        <Table aria-label="Products">
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>State</TH>
              <TH>Access</TH>
              <TH className="text-right">APIs</TH>
            </TR>
          </THead>
          <TBody>
            {visible.map((product) => {
              const href = `/admin/products/${encodeURIComponent(product.name)}`;
              return (
                <TR key={product.name} className="cursor-pointer transition-colors hover:bg-slate-50" onClick={() => router.push(href)}>
                  <TD>
                    <Link href={href} className={cn("rounded font-medium text-slate-900 hover:text-indigo-700", focusRing)} onClick={(e) => e.stopPropagation()}>
                      {product.properties.displayName}
                    </Link>
                    <p className="font-mono text-xs text-slate-500">{product.name}</p>
                  </TD>
                  <TD>
                    <ProductStateBadge state={product.properties.state} />
                  </TD>
                  <TD>
                    <ProductAccessBadges product={product} />
                  </TD>
                  <TD className="text-right">
                    <ApiCount productId={product.name} />
                  </TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      )}
    </div>
  );
}
