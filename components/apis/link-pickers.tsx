"use client";

import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { Fieldset } from "@/components/ui/field";
import { useGateways, useProducts, type LinkTarget } from "./api-queries";

/** The co-deployed gateway; it serves every API whatever the links say. */
export const MANAGED_GATEWAY = "managed";

function toggle(list: string[], name: string, on: boolean): string[] {
  return on ? [...list, name] : list.filter((n) => n !== name);
}

function Skeleton() {
  return (
    <div className="space-y-2" aria-hidden="true">
      <div className="h-5 w-48 animate-pulse rounded bg-slate-100" />
      <div className="h-5 w-36 animate-pulse rounded bg-slate-100" />
    </div>
  );
}

function Box({ children }: { children: React.ReactNode }) {
  return <div className="max-h-56 space-y-3 overflow-y-auto rounded-lg border border-slate-200 bg-white p-4">{children}</div>;
}

/** Products to publish the API in (when this instance has the Products API). */
export function ProductsPicker({ selected, onChange }: { selected: string[]; onChange: (names: string[]) => void }) {
  const products = useProducts();
  const legend = "Products";
  if (products.isPending) {
    return (
      <Fieldset legend={legend}>
        <Skeleton />
      </Fieldset>
    );
  }
  if (products.isError || !products.data.available) {
    return (
      <Fieldset legend={legend} hint="Products are not available on this instance yet; you can publish the API in a product later.">
        <Box>
          <Checkbox label="No products to choose from" disabled checked={false} onChange={() => {}} />
        </Box>
      </Fieldset>
    );
  }
  const items = products.data.items;
  return (
    <Fieldset legend={legend} hint="Publish the API in products so developers can subscribe to it.">
      <Box>
        {items.length === 0 ? (
          <p className="text-sm text-slate-500">No products yet.</p>
        ) : (
          items.map((product: LinkTarget) => (
            <Checkbox
              key={product.name}
              label={
                <span className="inline-flex items-center gap-2">
                  {product.properties.displayName || product.name}
                  {product.properties.state === "published" ? <Badge tone="green">Published</Badge> : <Badge>Not published</Badge>}
                </span>
              }
              description={product.properties.description || undefined}
              checked={selected.includes(product.name)}
              onChange={(e) => onChange(toggle(selected, product.name, e.target.checked))}
            />
          ))
        )}
      </Box>
    </Fieldset>
  );
}

/** Gateways that serve the API: `managed` always does; self-hosted ones when linked. */
export function GatewaysPicker({ selected, onChange }: { selected: string[]; onChange: (names: string[]) => void }) {
  const gateways = useGateways();
  const others = gateways.data?.available ? gateways.data.items.filter((g) => g.name !== MANAGED_GATEWAY) : [];
  const unavailable = gateways.isError || (gateways.data && !gateways.data.available);
  return (
    <Fieldset
      legend="Gateways"
      hint={
        unavailable
          ? "Self-hosted gateways can be linked once this instance has the Gateways API."
          : "The managed gateway serves every API; choose the self-hosted gateways that should serve it too."
      }
    >
      <Box>
        <Checkbox label="managed" description="The co-deployed gateway. It always serves every API." checked disabled onChange={() => {}} />
        {gateways.isPending ? <Skeleton /> : null}
        {others.map((gateway) => (
          <Checkbox
            key={gateway.name}
            label={gateway.properties.displayName || gateway.name}
            description={gateway.properties.description || undefined}
            checked={selected.includes(gateway.name)}
            onChange={(e) => onChange(toggle(selected, gateway.name, e.target.checked))}
          />
        ))}
      </Box>
    </Fieldset>
  );
}
