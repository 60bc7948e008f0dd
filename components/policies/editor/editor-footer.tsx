"use client";

import { Button } from "@/components/ui/button";

/** The editor's last row: Delete policy (when one is saved), Reset to saved, Save. */
export function EditorFooter({
  hasSaved,
  dirty,
  saving,
  onDelete,
  onReset,
  onSave,
}: {
  hasSaved: boolean;
  dirty: boolean;
  saving: boolean;
  onDelete: () => void;
  onReset: () => void;
  onSave: () => void;
}) {
  return (
    <footer data-toast-avoid className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-4">
      <div>
        {hasSaved ? (
          <Button variant="danger-outline" onClick={onDelete}>
            Delete policy
          </Button>
        ) : (
          <p className="text-sm text-slate-500">Nothing is saved at this scope yet.</p>
        )}
      </div>
      <div className="flex items-center gap-3">
        <span className="hidden text-xs text-slate-400 md:inline">
          <kbd className="rounded border border-slate-200 bg-slate-50 px-1.5 py-0.5 font-sans text-[11px] text-slate-500">Ctrl</kbd> +{" "}
          <kbd className="rounded border border-slate-200 bg-slate-50 px-1.5 py-0.5 font-sans text-[11px] text-slate-500">S</kbd> saves
        </span>
        <Button variant="secondary" disabled={!dirty || saving} onClick={onReset}>
          Reset to saved
        </Button>
        <Button onClick={onSave} loading={saving} disabled={!dirty}>
          Save
        </Button>
      </div>
    </footer>
  );
}
