"use client";

import { usePathname } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";

/** What a menu button and its drawer share: the open state, their ids and refs, open/close. */
export interface Drawer {
  open: boolean;
  /** The drawer's id, for the button's `aria-controls`. */
  panelId: string;
  buttonRef: React.RefObject<HTMLButtonElement | null>;
  panelRef: React.RefObject<HTMLElement | null>;
  toggle(): void;
  /** Closes and hands focus back to the menu button. */
  close(): void;
}

/**
 * A phone layout's navigation drawer behind a menu button: opening moves focus into the drawer,
 * Escape or `close()` returns it to the button, a navigation closes it (the page under it
 * changed), and so does the window growing past `desktopQuery`, where the drawer's content is
 * laid out in place. The page behind is not scrolled while the drawer is open.
 */
export function useDrawer(desktopQuery: string): Drawer {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const pathname = usePathname();

  // Set by close(): focus goes back to the button once it is no longer inert (after the render).
  const returnFocus = useRef(false);
  const close = useCallback(() => {
    returnFocus.current = true;
    setOpen(false);
  }, []);
  const toggle = useCallback(() => setOpen((value) => !value), []);

  // Adjusting state while rendering (React's pattern for "reset when a prop changes").
  const [shownPath, setShownPath] = useState(pathname);
  if (shownPath !== pathname) {
    setShownPath(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) {
      if (returnFocus.current) buttonRef.current?.focus();
      returnFocus.current = false;
      return;
    }
    const panel = panelRef.current;
    (panel?.querySelector<HTMLElement>("[data-drawer-focus]") ?? panel?.querySelector<HTMLElement>("a[href], button:not([disabled])"))?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") close();
    };
    const desktop = window.matchMedia(desktopQuery);
    const onWide = () => {
      if (desktop.matches) setOpen(false);
    };
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    document.addEventListener("keydown", onKey);
    desktop.addEventListener("change", onWide);
    return () => {
      document.body.style.overflow = overflow;
      document.removeEventListener("keydown", onKey);
      desktop.removeEventListener("change", onWide);
    };
  }, [open, close, desktopQuery]);

  return { open, panelId, buttonRef, panelRef, toggle, close };
}
