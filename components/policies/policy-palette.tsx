"use client";

import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import { useModalDialog } from "@/components/ui/use-modal-dialog";
import { GROUPS, PALETTE } from "./palette/palette-entries";

/**
 * "Add policy": pick a policy on the left, fill in its form on the right (the XML it will
 * insert is previewed under it), Insert puts it into `<inbound>`.
 */
export function PolicyPalette({ open, onClose, onInsert }: { open: boolean; onClose: () => void; onInsert: (xml: string, kind: string) => boolean }) {
  const titleId = useId();
  const [kind, setKind] = useState(PALETTE[0]!.kind);
  const [values, setValues] = useState<Record<string, unknown>>(() => Object.fromEntries(PALETTE.map((p) => [p.kind, p.initial])));
  const [showErrors, setShowErrors] = useState(false);
  const formRef = useRef<HTMLDivElement>(null);


  const selected = PALETTE.find((p) => p.kind === kind)!;
  const value = values[kind];
  const built = selected.build(value);
  const errors = showErrors && !built.ok ? built.errors : {};

  const close = () => {
    setShowErrors(false);
    onClose();
  };
  const modal = useModalDialog(open, close);

  const insert = () => {
    if (!built.ok) {
      setShowErrors(true);
      // Focus the first field the user must fix.
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
      return;
    }
    if (onInsert(built.xml, kind)) {
      setValues((all) => ({ ...all, [kind]: selected.initial }));
      setShowErrors(false);
    }
  };

  return (
    <dialog
      {...modal}
      aria-labelledby={titleId}
      className="m-auto h-[min(54rem,94dvh)] w-full max-w-5xl overflow-hidden rounded-xl bg-white p-0 text-left shadow-2xl ring-1 ring-slate-900/10 backdrop:bg-black/40 backdrop:backdrop-blur-[2px]"
    >
      <form
        className="flex h-full flex-col"
        onSubmit={(event) => {
          event.preventDefault();
          insert();
        }}
      >
        <header className="flex items-start justify-between gap-4 border-b border-slate-200 px-6 py-4">
          <div>
            <h2 id={titleId} className="text-lg font-semibold text-slate-900">
              Add policy
            </h2>
            <p className="mt-0.5 text-sm text-slate-500">
              Fill in the form; the policy goes into <code className="font-mono text-[13px] text-slate-700">&lt;inbound&gt;</code> at the cursor, or at its end.
            </p>
          </div>
          <Button variant="ghost" size="sm" onClick={close}>
            Close
          </Button>
        </header>
        <div className="flex min-h-0 flex-1">
          <nav aria-label="Policies" className="w-64 shrink-0 overflow-y-auto border-r border-slate-200 bg-slate-50/70 p-3">
            {GROUPS.map((group) => (
              <div key={group} className="mb-4 last:mb-0">
                <p className="px-2 pb-1.5 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{group}</p>
                <ul className="space-y-0.5" role="list">
                  {PALETTE.filter((p) => p.group === group).map((p) => {
                    const active = p.kind === kind;
                    return (
                      <li key={p.kind}>
                        <button
                          type="button"
                          aria-pressed={active}
                          onClick={() => {
                            setKind(p.kind);
                            setShowErrors(false);
                          }}
                          className={cn(
                            "w-full rounded-lg px-2.5 py-2 text-left transition-colors",
                            focusRing,
                            active ? "bg-white shadow-xs ring-1 ring-indigo-200" : "hover:bg-white/80",
                          )}
                        >
                          <span className={cn("block font-mono text-[13px] font-medium", active ? "text-indigo-700" : "text-slate-800")}>{p.kind}</span>
                          <span className="mt-0.5 block text-xs leading-4 text-slate-500">{p.summary}</span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </div>
            ))}
          </nav>
          <div className="flex min-w-0 flex-1 flex-col">
            <div ref={formRef} className="min-h-0 flex-1 space-y-5 overflow-y-auto px-6 py-5" data-testid="policy-form">
              <div>
                <h3 className="font-mono text-base font-semibold text-slate-900">&lt;{kind}&gt;</h3>
                <p className="mt-0.5 text-sm text-slate-500">{selected.summary}</p>
              </div>
              <selected.Form key={kind} value={value} onChange={(v) => setValues((all) => ({ ...all, [kind]: v }))} errors={errors} />
            </div>
            <div className="border-t border-slate-200 bg-code px-6 py-3" aria-label="XML to insert">
              <p className="mb-1.5 font-mono text-[11px] tracking-wide text-code-muted uppercase">Inserted XML</p>
              <pre tabIndex={0} className="max-h-32 overflow-y-auto font-mono text-[12.5px] leading-5 break-words whitespace-pre-wrap text-code-fg" data-testid="policy-preview">
                {built.ok ? built.xml : <span className="text-code-muted">Complete the required fields to see the XML.</span>}
              </pre>
            </div>
          </div>
        </div>
        <footer className="flex items-center justify-end gap-3 border-t border-slate-200 bg-slate-50 px-6 py-4">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit">Insert policy</Button>
        </footer>
      </form>
    </dialog>
  );
}
