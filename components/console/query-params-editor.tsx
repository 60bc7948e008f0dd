"use client";

import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import { PlusIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { XMarkIcon } from "./console-icons";
import type { QueryParam } from "./console-url";

let rowCounter = 0;
/** A fresh, empty query parameter row. */
export function emptyParam(name = "", value = ""): QueryParam {
  rowCounter += 1;
  return { id: `param-${rowCounter}`, name, value };
}

/** The handshake's own query parameters, as name/value rows; focus follows added and removed rows. */
export function QueryParamsEditor({ params, onParams }: { params: readonly QueryParam[]; onParams: (params: QueryParam[]) => void }) {
  const nameRefs = useRef(new Map<string, HTMLInputElement | null>());

  const addParam = () => {
    const row = emptyParam();
    onParams([...params, row]);
    // Focus the new row's name once it is rendered.
    requestAnimationFrame(() => nameRefs.current.get(row.id)?.focus());
  };
  const updateParam = (id: string, change: Partial<QueryParam>) => onParams(params.map((p) => (p.id === id ? { ...p, ...change } : p)));
  const removeParam = (index: number) => {
    const next = params.filter((_, i) => i !== index);
    onParams(next);
    const focusTarget = next[Math.min(index, next.length - 1)];
    requestAnimationFrame(() => (focusTarget ? nameRefs.current.get(focusTarget.id)?.focus() : undefined));
  };

  return (
    <div role="group" aria-labelledby="console-query-heading">
      <div className="flex items-baseline justify-between gap-3">
        <h3 id="console-query-heading" className="text-sm font-medium text-slate-800">
          Query parameters
        </h3>
        <span className="text-xs text-slate-500">Optional</span>
      </div>
      {params.length === 0 ? (
        <p className="mt-1.5 text-sm text-slate-500">None. The backend receives every parameter except the subscription key.</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {params.map((p, i) => (
            <li key={p.id} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] items-center gap-2">
              <Input
                ref={(el) => {
                  nameRefs.current.set(p.id, el);
                }}
                aria-label={`Parameter ${i + 1} name`}
                placeholder="name"
                value={p.name}
                onChange={(e) => updateParam(p.id, { name: e.target.value })}
                spellCheck={false}
                autoComplete="off"
                className="font-mono"
              />
              <Input
                aria-label={`Parameter ${i + 1} value`}
                placeholder="value"
                value={p.value}
                onChange={(e) => updateParam(p.id, { value: e.target.value })}
                spellCheck={false}
                autoComplete="off"
                className="font-mono"
              />
              <button
                type="button"
                onClick={() => removeParam(i)}
                aria-label={`Remove parameter ${i + 1}${p.name ? ` (${p.name})` : ""}`}
                className={cn("rounded-md p-2 text-slate-400 hover:bg-slate-100 hover:text-slate-700 disabled:opacity-50", focusRing)}
              >
                <XMarkIcon />
              </button>
            </li>
          ))}
        </ul>
      )}
      <Button variant="ghost" size="sm" onClick={addParam} icon={<PlusIcon className="h-4 w-4" />} className="mt-2 -ml-2">
        Add parameter
      </Button>
    </div>
  );
}
