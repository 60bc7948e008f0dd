"use client";

import { useEffect } from "react";

/**
 * Ctrl+S / ⌘S calls `save` from anywhere on the page (not while a dialog is open), and leaving
 * the page with unsaved changes (`dirty`) asks first.
 */
export function useEditorShortcuts(save: () => void, dirty: boolean): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        if (document.querySelector("dialog[open]")) return;
        save();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [save]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);
}
