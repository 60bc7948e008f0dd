"use client";

import { PageHeader } from "@/components/admin/page-header";
import { LinkedApisCard, type LinkedApisWording } from "@/components/apis/linked-apis-card";
import { PolicyWorkspace } from "@/components/policies/policy-workspace";
import { DeleteResourceButton } from "@/components/resources/delete-resource-button";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import type { ProductContract } from "@/server/products/product.schemas";
import { ProductAccessBadges, ProductStateBadge } from "./product-badges";
import { ProductForm } from "./product-form";
import { productKeys, useProduct, useProductApis } from "./product-queries";

/** A product: its APIs (add from a picker, remove), its policies, its settings, and delete. */
export function ProductDetail({ productId }: { productId: string }) {
  const product = useProduct(productId);
  if (product.isPending) return <ListSkeleton label="Loading product" />;
  if (product.isError) {
    return (
      <>
        <PageHeader title={productId} breadcrumbs={[{ href: "/admin/products", label: "Products" }]} />
        <ErrorNotice>{product.error.message}</ErrorNotice>
      </>
    );
  }
  const p = product.data;
  return (
    <>
      <PageHeader
        title={p.properties.displayName}
        breadcrumbs={[{ href: "/admin/products", label: "Products" }]}
        description={p.properties.description || <span className="font-mono">{p.name}</span>}
        badges={
          <>
            <ProductStateBadge state={p.properties.state} />
            <ProductAccessBadges product={p} />
          </>
        }
        actions={<DeleteProductButton product={p} />}
      />
      <div className="space-y-8">
        <ProductApis productId={p.name} />
        <section aria-labelledby="product-policies">
          <PolicyWorkspace
            scope="product"
            productId={p.name}
            productName={p.properties.displayName}
            intro={
              <h2 id="product-policies" className="text-base font-semibold text-slate-900">
                Policies
              </h2>
            }
          />
        </section>
        <section aria-labelledby="product-settings">
          <h2 id="product-settings" className="mb-3 text-base font-semibold text-slate-900">
            Settings
          </h2>
          <ProductForm key={JSON.stringify(p.properties)} product={p} />
        </section>
      </div>
    </>
  );
}

const PRODUCT_APIS: LinkedApisWording = {
  description: "Subscribers to this product can call these APIs.",
  picker: { id: "product-api-picker", label: "API to add", buttonLabel: "Add API", noneLeftText: "Every API is in the product" },
  listLabel: "Product APIs",
  removeLabel: "Remove",
  empty: { title: "No APIs in this product yet", text: "Choose one above to let subscribers call it." },
  added: (displayName) => ({ title: "API added", description: `${displayName} is now part of the product.` }),
  addFailed: "The API was not added",
  confirm: {
    title: (displayName) => `Remove ${displayName} from the product?`,
    description: "Subscriptions to this product stop opening this API. The API itself is not deleted.",
    confirmLabel: "Remove API",
  },
  removed: "API removed",
};

function ProductApis({ productId }: { productId: string }) {
  return <LinkedApisCard apis={useProductApis(productId)} basePath={`/products/${encodeURIComponent(productId)}/apis`} invalidate={productKeys.all} wording={PRODUCT_APIS} />;
}

function DeleteProductButton({ product }: { product: ProductContract }) {
  return (
    <DeleteResourceButton
      path={`/products/${encodeURIComponent(product.name)}?deleteSubscriptions=true`}
      id={product.name}
      title={`Delete ${product.properties.displayName}?`}
      description="The product and its subscriptions are deleted; their keys stop working at once. The APIs stay. This cannot be undone."
      confirmLabel="Delete product"
      listKey={productKeys.list}
      invalidate={productKeys.all}
      toast={{ title: "Product deleted", description: product.properties.displayName }}
      backTo="/admin/products"
      closeConnectionsReason="Subscription deleted"
    />
  );
}
