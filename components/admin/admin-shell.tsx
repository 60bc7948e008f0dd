"use client";

import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { CloseDrawerButton, MenuButton } from "@/components/ui/menu-button";
import { useDrawer } from "@/components/ui/use-drawer";

/**
 * The admin portal's frame: from `lg` up the sidebar sits beside the page; below it a top bar
 * with a menu button, and the same sidebar slides in as a drawer over the page (which is inert
 * meanwhile, so Tab stays in the drawer).
 */
export function AdminShell({ brand, sidebar, children }: { brand: ReactNode; sidebar: ReactNode; children: ReactNode }) {
  const drawer = useDrawer("(min-width: 64rem)");
  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[16rem_1fr]">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        Skip to content
      </a>
      <div className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-slate-200 bg-white/90 px-3 backdrop-blur lg:hidden" inert={drawer.open}>
        <MenuButton drawer={drawer} />
        {brand}
      </div>
      {drawer.open ? <div className="fixed inset-0 z-40 bg-black/40 backdrop-blur-[2px] lg:hidden" onClick={drawer.close} aria-hidden="true" /> : null}
      <aside
        id={drawer.panelId}
        ref={drawer.panelRef}
        aria-label="Admin menu"
        className={cn(
          "flex-col border-slate-200 bg-white lg:sticky lg:top-0 lg:flex lg:h-screen lg:border-r",
          drawer.open ? "fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] border-r shadow-2xl lg:w-auto lg:max-w-none lg:shadow-none" : "hidden",
        )}
      >
        <div className="flex h-16 shrink-0 items-center gap-3 pr-3 pl-5 lg:pr-5">
          {brand}
          {drawer.open ? <CloseDrawerButton drawer={drawer} /> : null}
        </div>
        {sidebar}
      </aside>
      <main id="main" className="min-w-0" inert={drawer.open}>
        <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8 lg:px-10 lg:py-10">{children}</div>
      </main>
    </div>
  );
}
