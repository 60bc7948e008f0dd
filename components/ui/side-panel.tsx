"use client";

import { useId, type ReactNode } from "react";
import { useModalDialog } from "./use-modal-dialog";
import { Button } from "./button";

/**
 * A panel sliding in from the right, on the native <dialog> (focus trapped, Escape closes,
 * focus returns to the opener). Controlled by `open`.
 */
export function SidePanel({ open, onClose, title, description, children }: { open: boolean; onClose: () => void; title: ReactNode; description?: ReactNode; children: ReactNode }) {
  const titleId = useId();
  const modal = useModalDialog(open, onClose);
  return (
    <dialog
      {...modal}
      aria-labelledby={titleId}
      className="ml-auto mr-0 h-dvh max-h-none w-full max-w-4xl bg-white p-0 shadow-2xl ring-1 ring-slate-900/10 backdrop:bg-black/30 backdrop:backdrop-blur-[2px]"
    >
      <div className="flex h-full flex-col">
        <header className="flex items-start justify-between gap-4 border-b border-slate-200 px-6 py-5">
          <div className="min-w-0">
            <h2 id={titleId} className="text-lg font-semibold text-slate-900">
              {title}
            </h2>
            {description ? <div className="mt-1 text-sm text-slate-500">{description}</div> : null}
          </div>
          <Button variant="ghost" size="sm" onClick={onClose}>
            Close
          </Button>
        </header>
        <div className="flex-1 overflow-y-auto px-6 py-5">{children}</div>
      </div>
    </dialog>
  );
}
