"use client";

import { cn } from "./cn";
import { focusRing } from "./focus";
import { CloseIcon, MenuIcon } from "./icons";
import type { Drawer } from "./use-drawer";

/** The phone layout's menu button: opens and closes the drawer it controls. */
export function MenuButton({ drawer, className }: { drawer: Drawer; className?: string }) {
  return (
    <button
      ref={drawer.buttonRef}
      type="button"
      aria-label="Menu"
      aria-expanded={drawer.open}
      aria-controls={drawer.panelId}
      onClick={drawer.toggle}
      className={cn("inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-lg text-slate-600 hover:bg-slate-100 hover:text-slate-900", focusRing, className)}
    >
      <MenuIcon className="h-6 w-6" />
    </button>
  );
}

/** The drawer's own close button (the menu button is behind the drawer while it is open). */
export function CloseDrawerButton({ drawer, className }: { drawer: Drawer; className?: string }) {
  return (
    <button
      type="button"
      aria-label="Close menu"
      data-drawer-focus
      onClick={drawer.close}
      className={cn("inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-lg text-slate-600 hover:bg-slate-100 hover:text-slate-900 lg:hidden", focusRing, className)}
    >
      <CloseIcon className="h-6 w-6" />
    </button>
  );
}
