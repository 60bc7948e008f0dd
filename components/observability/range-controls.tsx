"use client";

import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { RANGE_PRESETS, type RangeKey } from "./time-range";

export const REFRESH_OPTIONS = [
  { value: 0, label: "Off" },
  { value: 10_000, label: "10 s" },
  { value: 30_000, label: "30 s" },
  { value: 60_000, label: "1 min" },
] as const;

/** The range picker (presets and custom) and the auto-refresh choice, as one toolbar. */
export function RangeControls({
  range,
  onRange,
  custom,
  onCustom,
  refreshMs,
  onRefresh,
  error,
  children,
}: {
  range: RangeKey;
  onRange: (key: RangeKey) => void;
  custom: { from: string; to: string };
  onCustom: (value: { from: string; to: string }) => void;
  refreshMs: number;
  onRefresh: (ms: number) => void;
  error?: string | null;
  children?: React.ReactNode;
}) {
  const options: { key: RangeKey; label: string }[] = [...RANGE_PRESETS, { key: "custom", label: "Custom" }];
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-xs">
      <div className="flex flex-wrap items-center gap-3">
        <div role="radiogroup" aria-label="Time range" className="inline-flex rounded-lg bg-slate-100 p-0.5">
          {options.map((o) => (
            <button
              key={o.key}
              type="button"
              role="radio"
              aria-checked={range === o.key}
              onClick={() => onRange(o.key)}
              className={cn(
                "rounded-md px-3 py-1.5 text-sm font-medium transition-colors",
                focusRing,
                range === o.key ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
              )}
            >
              {o.label}
            </button>
          ))}
        </div>
        {range === "custom" ? (
          <div className="flex items-center gap-2">
            <Input type="datetime-local" aria-label="From" value={custom.from} onChange={(e) => onCustom({ ...custom, from: e.target.value })} className="h-9 w-auto" />
            <span className="text-sm text-slate-400">to</span>
            <Input type="datetime-local" aria-label="To" value={custom.to} onChange={(e) => onCustom({ ...custom, to: e.target.value })} className="h-9 w-auto" />
          </div>
        ) : null}
        {children}
        <label className="ml-auto flex items-center gap-2 text-sm text-slate-600">
          Auto-refresh
          <Select aria-label="Auto-refresh" value={String(refreshMs)} onChange={(e) => onRefresh(Number(e.target.value))} className="h-9 w-28">
            {REFRESH_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </label>
      </div>
      {error ? (
        <p className="mt-2 text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
