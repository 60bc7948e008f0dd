"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { managementFetch, managementList } from "@/components/admin/management-fetch";
import { Card } from "@/components/ui/card";
import { ErrorNotice } from "@/components/ui/resource-states";
import { useToast } from "@/components/ui/toast";
import type { ProductContract } from "@/server/products/product.schemas";
import { ProductsPicker } from "./link-pickers";

/** Query key of an API's products. */
const apiProductsKey = (apiId: string) => ["apis", "products", apiId] as const;

/** The products an API is in. */
function useApiProducts(apiId: string) {
  return useQuery({ queryKey: apiProductsKey(apiId), queryFn: () => managementList<ProductContract>(`/apis/${encodeURIComponent(apiId)}/products`) });
}

/**
 * The API's products, on its Settings tab (where APIM has them): each linked to its page, and
 * a box per product that adds the API to it or takes it out at once.
 */
export function ApiProductsSection({ apiId }: { apiId: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const current = useApiProducts(apiId);
  const change = useMutation({
    mutationFn: async ({ productId, add }: { productId: string; add: boolean }) =>
      managementFetch(`/products/${encodeURIComponent(productId)}/apis/${encodeURIComponent(apiId)}`, { method: add ? "PUT" : "DELETE" }),
    onSuccess: (_, { productId, add }) => {
      toast.show({ title: add ? "Added to the product" : "Removed from the product", description: productId });
    },
    onError: (error) => toast.show({ tone: "error", title: "The product was not changed", description: error.message }),
    // Other screens count a product's APIs: refresh them too.
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: apiProductsKey(apiId) }), queryClient.invalidateQueries({ queryKey: ["products"] })]),
  });
  const names = (current.data ?? []).map((p) => p.name);

  return (
    <Card title="Products" description="Developers subscribe to products; the API is reachable with the keys of the products it is in." bodyClassName="space-y-4">
      {current.isError ? <ErrorNotice>The API&apos;s products could not be loaded: {current.error.message}</ErrorNotice> : null}
      <p className="text-sm text-slate-600" data-testid="api-products">
        {current.isPending ? (
          "Loading…"
        ) : names.length === 0 ? (
          "In no product yet: only keys for all APIs (or for this API) reach it."
        ) : (
          <>
            In{" "}
            {current.data!.map((p, i) => (
              <span key={p.name}>
                {i > 0 ? ", " : ""}
                <Link href={`/admin/products/${encodeURIComponent(p.name)}`} title={p.name} className="font-medium text-indigo-700 hover:underline">
                  {p.properties.displayName}
                </Link>
              </span>
            ))}
            .
          </>
        )}
      </p>
      {current.isSuccess ? (
        <fieldset disabled={change.isPending} aria-busy={change.isPending}>
          <ProductsPicker
            selected={names}
            onChange={(next) => {
              const added = next.find((n) => !names.includes(n));
              const removed = names.find((n) => !next.includes(n));
              if (added) change.mutate({ productId: added, add: true });
              else if (removed) change.mutate({ productId: removed, add: false });
            }}
          />
        </fieldset>
      ) : null}
    </Card>
  );
}
