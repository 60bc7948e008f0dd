import { OwnSubscriptionStates, type OwnStates } from "@/components/portal/own-subscription-states";
import { ProductTerms } from "@/components/portal/product-terms";
import { SubscribeButton } from "@/components/portal/subscribe-button";
import type { ProductRow } from "@/server/products/to-product-contract";

const ON_THIS_PAGE = [
  ["#authentication", "Authentication"],
  ["#code-samples", "Code samples"],
  ["#console", "Test console"],
  ["#asyncapi", "AsyncAPI"],
] as const;

/** The products holding the API (terms, own subscriptions, Subscribe) and the page's table of contents. */
export function ApiPageAside({
  products,
  states,
  signedIn,
  returnTo,
}: {
  products: ProductRow[];
  states: ReadonlyMap<string, OwnStates>;
  signedIn: boolean;
  returnTo: string;
}) {
  return (
    <aside className="space-y-4 lg:sticky lg:top-24 lg:self-start" aria-label="Products and sections">
      <h2 id="products" className="scroll-mt-24 text-sm font-semibold tracking-wide text-slate-500 uppercase">Products with this API</h2>
      {products.length === 0 ? (
        <p className="text-sm text-slate-500">This API is in no published product yet, so nobody can subscribe to it here.</p>
      ) : (
        <ul className="space-y-3">
          {products.map((product) => (
            <li key={product.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs" data-testid={`api-product-${product.id}`}>
              <h3 className="font-semibold text-slate-900">{product.displayName}</h3>
              {product.description ? <p className="mt-1 line-clamp-3 text-sm text-slate-600">{product.description}</p> : null}
              <div className="mt-3">
                <ProductTerms product={product} />
              </div>
              <div className="mt-3 space-y-3">
                <OwnSubscriptionStates states={states.get(product.id) ?? {}} />
                {product.subscriptionRequired ? <SubscribeButton product={product} signedIn={signedIn} returnTo={returnTo} /> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <nav aria-label="On this page" className="hidden border-t border-slate-200 pt-4 lg:block">
        <h2 className="text-sm font-semibold tracking-wide text-slate-500 uppercase">On this page</h2>
        <ul className="mt-2 space-y-1 text-sm">
          {ON_THIS_PAGE.map(([href, label]) => (
            <li key={href}>
              <a href={href} className="text-slate-600 hover:text-indigo-600">
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}
