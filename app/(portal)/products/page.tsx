import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/admin/page-header";
import { OwnSubscriptionStates } from "@/components/portal/own-subscription-states";
import { ProductTerms } from "@/components/portal/product-terms";
import { SubscribeButton } from "@/components/portal/subscribe-button";
import { EmptyState } from "@/components/ui/empty-state";
import { ProductsIcon } from "@/components/ui/icons";
import { getPortalSession } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listPortalProducts } from "@/server/portal/list-portal-products";
import { ownStatesByProduct } from "@/server/portal/own-states-by-product";

export const metadata: Metadata = { title: "Products" };

/** The published products: what each contains, its terms, and Subscribe. */
export default async function ProductsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const db = getDb();
  const session = await getPortalSession();
  const products = listPortalProducts(db);
  const own = ownStatesByProduct(db, session?.user.id ?? null);

  return (
    <div className="mx-auto max-w-6xl px-6 py-10">
      {params.welcome !== undefined && session ? (
        <div className="mb-8 rounded-xl border border-indigo-200 bg-indigo-50 px-5 py-4 text-sm text-indigo-900" role="status" data-testid="welcome">
          <p className="font-semibold">Welcome, {session.user.name}! Your account is ready.</p>
          <p className="mt-0.5 text-indigo-800">Subscribe to a product below to get your keys.</p>
        </div>
      ) : null}
      <PageHeader
        title="Products"
        description="A product bundles APIs. Subscribe to a product to get a primary and a secondary key that work for all of its APIs."
      />
      {products.length === 0 ? (
        <EmptyState
          icon={<ProductsIcon className="h-6 w-6" />}
          title="No products are published yet"
          description="Products appear here once a publisher publishes them."
        />
      ) : (
        <ul className="space-y-4" aria-label="Products">
          {products.map(({ product, apis }) => (
            <li
              key={product.id}
              id={`product-${product.id}`}
              data-testid={`product-${product.id}`}
              className="scroll-mt-24 rounded-xl border border-slate-200 bg-white shadow-xs"
            >
              <div className="flex flex-wrap items-start justify-between gap-4 px-6 pt-5 pb-4">
                <div className="min-w-0 flex-1 basis-60">
                  <h2 className="text-lg font-semibold text-slate-900">{product.displayName}</h2>
                  <p className="mt-1 max-w-3xl text-sm leading-6 text-slate-600">{product.description || "No description yet."}</p>
                  <div className="mt-3">
                    <ProductTerms product={product} />
                  </div>
                </div>
                {product.subscriptionRequired ? (
                  <SubscribeButton product={product} signedIn={session !== null} returnTo={`/products#product-${product.id}`} size="md" />
                ) : null}
              </div>
              <div className="border-t border-slate-100 px-6 py-4">
                <div className="flex flex-wrap items-center justify-between gap-3">
                  <div className="flex min-w-0 flex-wrap items-center gap-2 text-sm">
                    <span className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
                      {apis.length} API{apis.length === 1 ? "" : "s"}
                    </span>
                    {apis.length === 0 ? <span className="text-slate-500">None yet.</span> : null}
                    {apis.map((api) => (
                      <Link
                        key={api.id}
                        href={`/apis/${api.id}`}
                        className="rounded-md bg-slate-100 px-2 py-0.5 font-medium text-slate-700 hover:bg-indigo-50 hover:text-indigo-700"
                      >
                        {api.displayName}
                      </Link>
                    ))}
                  </div>
                  <OwnSubscriptionStates states={own.get(product.id) ?? {}} />
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
