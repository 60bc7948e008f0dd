"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { managementList } from "@/components/admin/management-fetch";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/resource-states";
import { Select } from "@/components/ui/select";
import { effectivePolicy } from "@/gateway/policies/effective-policy";
import type { PolicyScope } from "@/gateway/policies/policy";
import type { ProductContract } from "@/server/products/product.schemas";
import { dedentElement } from "./policy-documents";
import { usePolicyDocument } from "./policy-queries";
import { HighlightedXml } from "./xml-highlight";

const SCOPE_STYLE: Record<PolicyScope, { band: string; chip: string; dot: string }> = {
  global: { band: "bg-sky-500", chip: "bg-sky-50 text-sky-800 ring-sky-600/20", dot: "bg-sky-500" },
  product: { band: "bg-amber-500", chip: "bg-amber-50 text-amber-800 ring-amber-600/20", dot: "bg-amber-500" },
  api: { band: "bg-indigo-500", chip: "bg-indigo-50 text-indigo-700 ring-indigo-600/20", dot: "bg-indigo-500" },
};

const SECTION_NOTE: Record<string, string> = {
  inbound: "Runs at every handshake, before the backend is contacted.",
  backend: "Does not run on a WebSocket handshake.",
  outbound: "Does not run on a WebSocket handshake.",
  "on-error": "Does not run on a WebSocket handshake.",
};

/** The products an API belongs to. */
function useProductsOfApi(apiId: string | null) {
  return useQuery({
    queryKey: ["policies", "products-of-api", apiId],
    enabled: apiId !== null,
    queryFn: () => managementList<ProductContract>(`/apis/${encodeURIComponent(apiId!)}/products`),
  });
}

/**
 * What runs, read-only: the global, product and API documents composed as the gateway composes
 * them (`<base />` replaced by the scope above), each policy marked with the scope it comes from.
 * For an API, the product is chosen: the subscription decides it at run time.
 */
export function EffectivePolicyView(props: { scope: "api"; apiId: string; apiName: string } | { scope: "product"; productId: string; productName: string }) {
  const apiId = props.scope === "api" ? props.apiId : null;
  const products = useProductsOfApi(apiId);
  const [chosen, setChosen] = useState<string | "none" | null>(null);
  const productId = props.scope === "product" ? props.productId : chosen === null ? (products.data?.[0]?.name ?? null) : chosen === "none" ? null : chosen;
  const productName =
    props.scope === "product" ? props.productName : (products.data?.find((p) => p.name === productId)?.properties.displayName ?? productId ?? "");

  const global = usePolicyDocument({ scope: "global" });
  const product = usePolicyDocument(productId ? { scope: "product", id: productId } : null);
  const api = usePolicyDocument(apiId ? { scope: "api", id: apiId } : null);

  const loading = global.isPending || product.isPending || api.isPending || (apiId !== null && products.isPending);
  const failed = global.error ?? product.error ?? api.error ?? products.error;
  const composed = useMemo(
    () => (loading || failed ? null : effectivePolicy({ global: global.data ?? null, product: product.data ?? null, api: api.data ?? null })),
    [loading, failed, global.data, product.data, api.data],
  );

  const label = (scope: PolicyScope) => (scope === "global" ? "Global" : scope === "product" ? `Product: ${productName}` : props.scope === "api" ? "This API" : "This product");
  const scopes: PolicyScope[] = props.scope === "api" ? (productId ? ["global", "product", "api"] : ["global", "api"]) : ["global", "product"];

  return (
    <section className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs" aria-label="Effective policy">
      <header className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-100 px-5 py-4 md:flex-nowrap">
        <div className="min-w-0">
          <h2 className="text-base font-semibold text-slate-900">Effective policy</h2>
          <p className="mt-0.5 max-w-2xl text-sm text-slate-500">
            What the gateway runs, from the saved documents: each <code className="font-mono text-[13px]">&lt;base /&gt;</code> is replaced by the policies of the
            scope above it.
          </p>
        </div>
        {props.scope === "api" ? (
          <div className="w-72 shrink-0">
            <Field label="Product" hint="At run time the subscription decides it.">
              {(control) => (
                <Select {...control} value={productId ?? "none"} onChange={(e) => setChosen(e.target.value)} disabled={products.isPending}>
                  {(products.data ?? []).map((p) => (
                    <option key={p.name} value={p.name}>
                      {p.properties.displayName}
                    </option>
                  ))}
                  <option value="none">No product</option>
                </Select>
              )}
            </Field>
          </div>
        ) : null}
      </header>

      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 bg-slate-50/70 px-5 py-2.5" aria-label="Scopes">
        <span className="mr-1 text-xs font-medium text-slate-500">From:</span>
        {scopes.map((scope) => (
          <ScopeChip key={scope} scope={scope} label={label(scope)} />
        ))}
      </div>

      {failed ? (
        <div className="p-5">
          <ErrorNotice>The policies could not be loaded: {failed.message}</ErrorNotice>
        </div>
      ) : composed === null ? (
        <div className="space-y-3 p-5" aria-busy="true" aria-label="Loading the effective policy">
          <div className="h-4 w-40 animate-pulse rounded bg-slate-100" />
          <div className="h-16 animate-pulse rounded-lg bg-slate-100" />
        </div>
      ) : (
        <div className="divide-y divide-slate-100" data-testid="effective-policy">
          {composed.diagnostics.length > 0 ? (
            <div className="px-5 py-3">
              <ErrorNotice>
                {composed.diagnostics.map((d, i) => (
                  <p key={i}>
                    {label(d.scope)}: the saved document is left out — line {d.line}, column {d.column}: {d.message}
                  </p>
                ))}
              </ErrorNotice>
            </div>
          ) : null}
          {composed.sections.map((section) => (
            <div key={section.name} className={cn("px-5 py-4", section.name !== "inbound" && section.items.length === 0 && "py-3")}>
              <div className="mb-2 flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <h3 className="font-mono text-sm font-semibold text-slate-900">&lt;{section.name}&gt;</h3>
                <p className="text-xs text-slate-500">{SECTION_NOTE[section.name]}</p>
              </div>
              {section.items.length === 0 ? (
                <p className="text-sm text-slate-400 italic">{section.name === "inbound" ? "No policies: every handshake goes through." : "Empty."}</p>
              ) : (
                <ol className="space-y-2" aria-label={`${section.name} policies`}>
                  {section.items.map((item, i) => (
                    <li key={i} className="flex overflow-hidden rounded-lg border border-slate-200" data-scope={item.scope}>
                      <span className={cn("w-1.5 shrink-0", SCOPE_STYLE[item.scope].band)} aria-hidden="true" />
                      <div className="min-w-0 flex-1">
                        <div className="flex items-center justify-between gap-3 border-b border-slate-100 bg-slate-50/60 px-3 py-1.5">
                          <ScopeChip scope={item.scope} label={label(item.scope)} />
                          <span className="font-mono text-[11px] text-slate-400">{i + 1}</span>
                        </div>
                        <pre className="px-3 py-2 font-mono text-[12.5px] leading-5 break-words whitespace-pre-wrap text-slate-800">
                          <HighlightedXml xml={dedentElement(item.xml)} />
                        </pre>
                      </div>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

function ScopeChip({ scope, label }: { scope: PolicyScope; label: string }) {
  return (
    <span className={cn("inline-flex items-center gap-1.5 rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset", SCOPE_STYLE[scope].chip)}>
      <span className={cn("h-1.5 w-1.5 rounded-full", SCOPE_STYLE[scope].dot)} aria-hidden="true" />
      {label}
    </span>
  );
}
