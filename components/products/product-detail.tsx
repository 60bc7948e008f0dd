"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { PageHeader } from "@/components/admin/page-header";
import { managementFetch } from "@/components/admin/management-fetch";
import { AddApiPicker } from "@/components/apis/add-api-picker";
import { useApis } from "@/components/apis/api-queries";
import { PolicyWorkspace } from "@/components/policies/policy-workspace";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { focusRing } from "@/components/ui/focus";
import { ApisIcon } from "@/components/ui/icons";
import { ErrorNotice, ListSkeleton } from "@/components/ui/resource-states";
import { useToast } from "@/components/ui/toast";
import type { ApiContract } from "@/server/apis/api.schemas";
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

function ProductApis({ productId }: { productId: string }) {
  const apis = useProductApis(productId);
  const all = useApis();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [removing, setRemoving] = useState<ApiContract | null>(null);
  const inProduct = new Set((apis.data ?? []).map((a) => a.name));
  const candidates = (all.data ?? []).filter((a) => !inProduct.has(a.name));
  const refresh = () => queryClient.invalidateQueries({ queryKey: productKeys.all });
  const path = (apiId: string) => `/products/${encodeURIComponent(productId)}/apis/${encodeURIComponent(apiId)}`;

  const add = async (apiId: string): Promise<boolean> => {
    try {
      await managementFetch(path(apiId), { method: "PUT" });
      await refresh();
      toast.show({ title: "API added", description: `${all.data?.find((a) => a.name === apiId)?.properties.displayName ?? apiId} is now part of the product.` });
      return true;
    } catch (error) {
      toast.show({ tone: "error", title: "The API was not added", description: error instanceof Error ? error.message : undefined });
      return false;
    }
  };

  return (
    <Card
      title="APIs"
      description="Subscribers to this product can call these APIs."
      bodyClassName="p-0"
      actions={
        <AddApiPicker id="product-api-picker" label="API to add" buttonLabel="Add API" candidates={candidates} loading={all.isPending} noneLeftText="Every API is in the product" onAdd={add} />
      }
    >
      {apis.isPending ? (
        <div className="m-5 h-16 animate-pulse rounded-lg bg-slate-100" />
      ) : apis.isError ? (
        <div className="p-5">
          <ErrorNotice>{apis.error.message}</ErrorNotice>
        </div>
      ) : apis.data.length === 0 ? (
        <div className="flex flex-col items-center px-6 py-10 text-center">
          <div className="mb-3 flex h-10 w-10 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
            <ApisIcon className="h-5 w-5" />
          </div>
          <p className="text-sm font-medium text-slate-900">No APIs in this product yet</p>
          <p className="mt-1 text-sm text-slate-500">Choose one above to let subscribers call it.</p>
        </div>
      ) : (
        <ul aria-label="Product APIs" className="divide-y divide-slate-100">
          {apis.data.map((api) => (
            <li key={api.name} className="flex items-center justify-between gap-4 px-5 py-3">
              <div className="min-w-0">
                <Link href={`/admin/apis/${encodeURIComponent(api.name)}`} className={`rounded font-medium text-slate-900 hover:text-indigo-700 ${focusRing}`}>
                  {api.properties.displayName}
                </Link>
                <p className="font-mono text-xs text-slate-500">/{api.properties.path}</p>
              </div>
              <Button variant="ghost" size="sm" onClick={() => setRemoving(api)} aria-label={`Remove ${api.properties.displayName}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Remove ${removing?.properties.displayName ?? ""} from the product?`}
        description="Subscriptions to this product stop opening this API. The API itself is not deleted."
        confirmLabel="Remove API"
        onConfirm={async () => {
          if (!removing) return;
          await managementFetch(path(removing.name), { method: "DELETE" });
          await refresh();
          toast.show({ title: "API removed", description: removing.properties.displayName });
          setRemoving(null);
        }}
      />
    </Card>
  );
}

function DeleteProductButton({ product }: { product: ProductContract }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  return (
    <>
      <Button variant="danger-outline" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete ${product.properties.displayName}?`}
        description="The product and its subscriptions are deleted; their keys stop working at once. The APIs stay. This cannot be undone."
        confirmText={product.name}
        confirmLabel="Delete product"
        onConfirm={async () => {
          await managementFetch(`/products/${encodeURIComponent(product.name)}?deleteSubscriptions=true`, { method: "DELETE" });
          queryClient.setQueryData<ProductContract[]>(productKeys.list, (list) => list?.filter((p) => p.name !== product.name));
          void queryClient.invalidateQueries({ queryKey: productKeys.all });
          setOpen(false);
          toast.show({ title: "Product deleted", description: product.properties.displayName });
          router.push("/admin/products");
        }}
      />
    </>
  );
}
