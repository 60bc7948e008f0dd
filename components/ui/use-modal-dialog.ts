"use client";

import { useEffect, useRef, type MouseEvent, type SyntheticEvent } from "react";

/**
 * A native <dialog> shown as a modal while `open`: the browser traps focus and returns it to the
 * opener; Escape and a click on the backdrop call `onClose` (the caller decides what closing means).
 * Spread `dialogProps` on the <dialog>.
 */
export function useModalDialog(open: boolean, onClose: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return {
    ref,
    onCancel: (event: SyntheticEvent<HTMLDialogElement>) => {
      event.preventDefault();
      onClose();
    },
    // A click on the backdrop lands on the <dialog> itself.
    onClick: (event: MouseEvent<HTMLDialogElement>) => {
      if (event.target === ref.current) onClose();
    },
  };
}
