import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** One figure of the window: a label, the value, and a line under it. */
export function StatCard({ label, value, detail, tone = "neutral", testId }: { label: string; value: ReactNode; detail?: ReactNode; tone?: "neutral" | "warning"; testId?: string }) {
  return (
    <div className={cn("rounded-xl border bg-white px-4 py-3.5 shadow-xs", tone === "warning" ? "border-amber-300 bg-amber-50/60" : "border-slate-200")} data-testid={testId}>
      <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</p>
      <p className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</p>
      {detail ? <p className="mt-0.5 truncate text-xs text-slate-500">{detail}</p> : null}
    </div>
  );
}
