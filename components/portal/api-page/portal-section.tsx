import type { ReactNode } from "react";

/** A titled part of the page: a card, or (`bare`) a heading above content that brings its own cards (the console). */
export function PortalSection({ title, description, id, bare, children }: { title: string; description?: string; id?: string; bare?: boolean; children: ReactNode }) {
  const heading = (
    <>
      <h2 id={id ? `${id}-title` : undefined} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {description ? <p className="mt-0.5 text-sm text-slate-500">{description}</p> : null}
    </>
  );
  if (bare) {
    return (
      <section id={id} aria-labelledby={id ? `${id}-title` : undefined} className="scroll-mt-24">
        <header className="mb-4 px-1">{heading}</header>
        {children}
      </section>
    );
  }
  return (
    <section id={id} aria-labelledby={id ? `${id}-title` : undefined} className="scroll-mt-24 rounded-xl border border-slate-200 bg-white shadow-xs">
      <header className="border-b border-slate-100 px-5 py-4">{heading}</header>
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}
