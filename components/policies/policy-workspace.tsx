"use client";

import dynamic from "next/dynamic";
import { useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import { PolicyEditor } from "./policy-editor";
import type { PolicyTarget } from "./policy-documents";

/** The read-only view loads with the composition code only when opened. */
const EffectivePolicyView = dynamic(() => import("./effective-policy-view").then((m) => m.EffectivePolicyView), {
  ssr: false,
  loading: () => <div className="h-64 animate-pulse rounded-xl bg-slate-200/50" aria-busy="true" aria-label="Loading the effective policy" />,
});

type View = "editor" | "effective";

/**
 * A product's or an API's policies: the editor of its own document, and the effective policy
 * (what runs, with the inherited parts). The editor stays mounted while the other view is
 * shown, so unsaved changes survive a look at the effective policy.
 */
export function PolicyWorkspace(
  props: ({ scope: "api"; apiId: string; apiName: string } | { scope: "product"; productId: string; productName: string }) & { intro?: ReactNode },
) {
  const [view, setView] = useState<View>("editor");
  const target: PolicyTarget = props.scope === "api" ? { scope: "api", id: props.apiId } : { scope: "product", id: props.productId };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">{props.intro}</div>
        <div role="radiogroup" aria-label="Policy view" className="inline-flex rounded-lg bg-slate-100 p-1">
          {(
            [
              ["editor", "Edit document"],
              ["effective", "Effective policy"],
            ] as const
          ).map(([id, label]) => (
            <button
              key={id}
              type="button"
              role="radio"
              aria-checked={view === id}
              onClick={() => setView(id)}
              className={cn(
                "rounded-md px-3 py-1.5 text-sm font-medium transition-colors",
                focusRing,
                view === id ? "bg-white text-slate-900 shadow-xs ring-1 ring-slate-900/5" : "text-slate-600 hover:text-slate-900",
              )}
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      <div hidden={view !== "editor"}>
        <PolicyEditor
          target={target}
          title={props.scope === "api" ? "onHandshake policy" : "Product policy"}
          description={
            props.scope === "api" ? (
              <>
                This API&apos;s document. <code className="font-mono text-[13px]">&lt;base /&gt;</code> runs the product and global policies at that place; only{" "}
                <code className="font-mono text-[13px]">&lt;inbound&gt;</code> runs at a handshake.
              </>
            ) : (
              <>
                Applies to every API in {props.productName} when a client connects with a subscription to it.{" "}
                <code className="font-mono text-[13px]">&lt;base /&gt;</code> runs the global policy at that place.
              </>
            )
          }
          inheritsFrom={props.scope === "api" ? "the product and global policies" : "the global policy"}
        />
      </div>
      {view === "effective" ? (
        props.scope === "api" ? (
          <EffectivePolicyView scope="api" apiId={props.apiId} apiName={props.apiName} />
        ) : (
          <EffectivePolicyView scope="product" productId={props.productId} productName={props.productName} />
        )
      ) : null}
    </div>
  );
}
