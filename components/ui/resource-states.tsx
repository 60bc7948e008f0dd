import type { ReactNode } from "react";

/** The grey shapes a list shows while it loads. */
export function ListSkeleton({ label }: { label: string }) {
  return (
    <div className="space-y-3" aria-busy="true" aria-label={label}>
      <div className="h-10 w-80 animate-pulse rounded-lg bg-slate-200/70" />
      <div className="h-48 animate-pulse rounded-xl bg-slate-200/50" />
    </div>
  );
}

/** A red notice for a request that failed. */
export function ErrorNotice({ children }: { children: ReactNode }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      {children}
    </div>
  );
}
