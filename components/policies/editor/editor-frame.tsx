"use client";

import type { ReactNode } from "react";

/** Grey lines where the editor will be, while CodeMirror loads or the document is fetched. */
export function EditorSkeleton() {
  return (
    <div className="flex h-full" aria-busy="true" aria-label="Loading the editor">
      <div className="w-12 shrink-0 border-r border-slate-200 bg-slate-50" />
      <div className="flex-1 space-y-3 p-4">
        {[40, 28, 20, 28, 36, 24].map((w, i) => (
          <div key={i} className="h-3 animate-pulse rounded bg-slate-100" style={{ width: `${w}%` }} />
        ))}
      </div>
    </div>
  );
}

/** The editor's card: title, badges and actions in its header, the editor and its bars below. */
export function EditorFrame({ title, description, badges, actions, children }: { title: ReactNode; description: ReactNode; badges?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs" aria-label="Policy editor">
      <header className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-100 px-5 py-4 sm:flex-nowrap">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="text-base font-semibold text-slate-900">{title}</h2>
            {badges}
          </div>
          <p className="mt-0.5 max-w-3xl text-sm text-slate-500">{description}</p>
        </div>
        {actions ? <div className="shrink-0">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}
