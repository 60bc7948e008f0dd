"use client";

import { useEffect } from "react";

/**
 * Ctrl+S / ⌘S calls `save` from anywhere on the page (not while a dialog is open). Leaving with
 * unsaved changes is UnsavedChangesGuard's.
 */
export function useEditorShortcuts(save: () => void): void {
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
}
