"use client";

import { useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { ManagementRequestError } from "@/components/admin/management-fetch";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/dialog";
import { focusRing } from "@/components/ui/focus";
import { PlusIcon } from "@/components/ui/icons";
import { ErrorNotice } from "@/components/ui/resource-states";
import { useToast } from "@/components/ui/toast";
import type { PolicyDiagnostic } from "@/gateway/policies/policy";
import { defaultPolicyDocument, policyPath, problemSummary, serverProblems, type PolicyTarget, type ServerProblem } from "./policy-documents";
import { PolicyPalette } from "./policy-palette";
import { deletePolicyDocument, policyKeys, savePolicyDocument, usePolicyDocument } from "./policy-queries";
import type { XmlEditorHandle } from "./xml-code-editor";

/** CodeMirror and the validator load in the browser only, when an editor is shown. */
const XmlCodeEditor = dynamic(() => import("./xml-code-editor"), {
  ssr: false,
  loading: () => <EditorSkeleton />,
});

function EditorSkeleton() {
  return (
    <div className="flex h-full" aria-busy="true" aria-label="Loading the editor">
      <div className="w-12 shrink-0 border-r border-slate-200 bg-slate-50" />
      <div className="flex-1 space-y-3 p-4">
        {[40, 28, 20, 28, 36, 24].map((w, i) => (
          <div key={i} className="h-3 animate-pulse rounded bg-slate-100" style={{ width: `${w}%` }} />
        ))}
      </div>
    </div>
  );
}

/**
 * Unsaved text per document, kept while the user visits another tab or page of the portal (the
 * editor unmounts); a reload loses it, after the browser's "leave page?" question.
 */
const drafts = new Map<string, string>();

/** The editor of one scope's policy document: load, edit with live problems, add policies, save, reset, delete. */
export function PolicyEditor({
  target,
  title,
  description,
  inheritsFrom,
}: {
  target: PolicyTarget;
  title: ReactNode;
  description: ReactNode;
  /** What a deleted document falls back to, for the confirmation ("the product and global policies"). */
  inheritsFrom: string;
}) {
  const saved = usePolicyDocument(target);
  if (saved.isPending) {
    return (
      <EditorFrame title={title} description={description}>
        <div className="h-[26rem]">
          <EditorSkeleton />
        </div>
      </EditorFrame>
    );
  }
  if (saved.isError) {
    return (
      <EditorFrame title={title} description={description}>
        <div className="p-5">
          <ErrorNotice>The policy could not be loaded: {saved.error.message}</ErrorNotice>
        </div>
      </EditorFrame>
    );
  }
  return <LoadedEditor target={target} title={title} description={description} inheritsFrom={inheritsFrom} initial={saved.data} />;
}

function EditorFrame({ title, description, badges, actions, children }: { title: ReactNode; description: ReactNode; badges?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs" aria-label="Policy editor">
      <header className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-100 px-5 py-4 sm:flex-nowrap">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="text-base font-semibold text-slate-900">{title}</h2>
            {badges}
          </div>
          <p className="mt-0.5 max-w-3xl text-sm text-slate-500">{description}</p>
        </div>
        {actions ? <div className="shrink-0">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

function LoadedEditor({ target, title, description, inheritsFrom, initial }: { target: PolicyTarget; title: ReactNode; description: ReactNode; inheritsFrom: string; initial: string | null }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const editor = useRef<XmlEditorHandle>(null);
  const fallback = defaultPolicyDocument(target.scope);
  /** The saved document (null: none, the scope inherits) and the text being edited. */
  const [savedText, setSavedText] = useState<string | null>(initial);
  const draftKey = policyPath(target);
  const [text, setText] = useState(() => drafts.get(draftKey) ?? initial ?? fallback);
  const [diagnostics, setDiagnostics] = useState<{ list: PolicyDiagnostic[]; text: string } | null>(null);
  const [refused, setRefused] = useState<{ problems: ServerProblem[]; text: string } | null>(null);
  const [cursor, setCursor] = useState({ line: 1, column: 1 });
  const [saving, setSaving] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const baseline = savedText ?? fallback;
  const dirty = text !== baseline;

  useEffect(() => {
    if (dirty) drafts.set(draftKey, text);
    else drafts.delete(draftKey);
  }, [dirty, draftKey, text]);
  // The last check's problems stay listed while the next one waits for typing to pause.
  const current = diagnostics?.list ?? null;
  const errors = current?.filter((d) => d.severity === "error").length ?? 0;
  const warnings = current?.filter((d) => d.severity === "warning").length ?? 0;
  const serverRefusal = refused && refused.text === text ? refused.problems : null;

  const save = useCallback(async () => {
    if (saving) return;
    setSaving(true);
    try {
      const value = await savePolicyDocument(target, text);
      setSavedText(value);
      setRefused(null);
      queryClient.setQueryData(policyKeys.document(target), value);
      void queryClient.invalidateQueries({ queryKey: policyKeys.all });
      toast.show({ title: "Policy saved", description: "New handshakes use it within a second." });
    } catch (error) {
      if (error instanceof ManagementRequestError && error.status === 400 && error.details.length > 0) {
        setRefused({ problems: serverProblems(error.details, text), text });
        toast.show({ tone: "error", title: "The policy was not saved", description: error.details.length === 1 ? "The server found a problem in it." : `The server found ${error.details.length} problems in it.` });
      } else {
        toast.show({ tone: "error", title: "The policy was not saved", description: error instanceof Error ? error.message : undefined });
      }
    } finally {
      setSaving(false);
    }
  }, [queryClient, saving, target, text, toast]);

  // Ctrl+S / ⌘S saves from anywhere on the page (not while a dialog is open).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        if (document.querySelector("dialog[open]")) return;
        void save();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [save]);

  // Leaving the page with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  const onDiagnostics = useCallback((list: PolicyDiagnostic[], checked: string) => setDiagnostics({ list, text: checked }), []);
  const onCursor = useCallback((line: number, column: number) => setCursor({ line, column }), []);

  const state = savedText !== null ? <Badge tone="green">Saved</Badge> : <Badge tone="neutral">{target.scope === "global" ? "Not set" : "Not set — inherits"}</Badge>;

  return (
    <EditorFrame
      title={title}
      description={description}
      badges={
        <>
          {state}
          {dirty ? (
            <Badge tone="amber" className="gap-1.5">
              <span className="h-1.5 w-1.5 rounded-full bg-amber-500" aria-hidden="true" />
              Unsaved changes
            </Badge>
          ) : null}
        </>
      }
      actions={
        <Button variant="secondary" icon={<PlusIcon className="h-4 w-4" />} onClick={() => setPaletteOpen(true)}>
          Add policy
        </Button>
      }
    >
      <div className="h-[26rem] border-b border-slate-200">
        <XmlCodeEditor
          handleRef={editor}
          initialText={text}
          scope={target.scope}
          label="Policy document"
          onChange={setText}
          onDiagnostics={onDiagnostics}
          onCursor={onCursor}
        />
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3 bg-slate-50 px-5 py-2 text-xs text-slate-600">
        <p role="status" aria-live="polite" data-testid="policy-status" className="inline-flex items-center gap-1.5 font-medium">
          {current === null ? (
            <span className="text-slate-500">Checking…</span>
          ) : errors > 0 ? (
            <>
              <StatusDot tone="red" />
              <span className="text-red-700">{problemSummary({ errors, warnings })}</span>
            </>
          ) : warnings > 0 ? (
            <>
              <StatusDot tone="amber" />
              <span className="text-amber-800">{problemSummary({ errors, warnings })}</span>
            </>
          ) : (
            <>
              <StatusDot tone="green" />
              <span className="text-emerald-700">No problems</span>
            </>
          )}
        </p>
        <p className="flex items-center gap-4 font-mono text-[11px] text-slate-500">
          <span>
            Ln {cursor.line}, Col {cursor.column}
          </span>
          <span className="hidden sm:inline">XML · {target.scope === "global" ? "All APIs" : target.scope === "product" ? "Product" : "onHandshake"}</span>
        </p>
      </div>

      {current && current.length > 0 ? (
        <ProblemList
          label="Problems"
          items={current.map((d) => ({ key: `${d.from}-${d.to}-${d.message}`, severity: d.severity, line: d.line, column: d.column, message: d.message, from: d.from, to: d.to }))}
          onJump={(from, to) => editor.current?.jumpTo(from, to)}
        />
      ) : null}

      {serverRefusal ? (
        <div className="border-t border-red-100 bg-red-50/60 px-5 py-3" role="alert">
          <p className="text-sm font-medium text-red-800">The server refused to save the policy:</p>
          <ProblemList
            label="Problems the server found"
            embedded
            items={serverRefusal.map((p, i) => ({ key: String(i), severity: "error", line: p.line, column: p.column, message: p.message, from: p.offset, to: p.offset }))}
            onJump={(from, to) => editor.current?.jumpTo(from, to)}
          />
        </div>
      ) : null}

      <footer className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-4">
        <div>
          {savedText !== null ? (
            <Button variant="danger-outline" onClick={() => setConfirmDelete(true)}>
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
          <Button variant="secondary" disabled={!dirty || saving} onClick={() => editor.current?.setText(baseline)}>
            Reset to saved
          </Button>
          <Button onClick={() => void save()} loading={saving} disabled={!dirty}>
            Save
          </Button>
        </div>
      </footer>

      <PolicyPalette
        open={paletteOpen}
        onClose={() => setPaletteOpen(false)}
        onInsert={(xml, kind) => {
          const inserted = editor.current?.insertIntoInbound(xml) ?? false;
          if (!inserted) {
            toast.show({ tone: "error", title: "The policy was not added", description: "The document has no <policies> element to put it in. Fix the document or reset it first." });
            return false;
          }
          setPaletteOpen(false);
          toast.show({ tone: "info", title: `<${kind}> added to <inbound>`, description: "Review it, then save." });
          return true;
        }}
      />
      <ConfirmDialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this policy?"
        description={
          <>
            The document is removed and handshakes run {inheritsFrom} instead. Your unsaved changes are discarded too.
          </>
        }
        confirmLabel="Delete policy"
        onConfirm={async () => {
          await deletePolicyDocument(target);
          setSavedText(null);
          setRefused(null);
          editor.current?.setText(fallback);
          queryClient.setQueryData(policyKeys.document(target), null);
          void queryClient.invalidateQueries({ queryKey: policyKeys.all });
          setConfirmDelete(false);
          toast.show({ title: "Policy deleted", description: `Handshakes run ${inheritsFrom}.` });
        }}
      />
    </EditorFrame>
  );
}

function StatusDot({ tone }: { tone: "red" | "amber" | "green" }) {
  return (
    <span
      aria-hidden="true"
      className={cn("h-2 w-2 rounded-full", tone === "red" && "bg-red-500", tone === "amber" && "bg-amber-500", tone === "green" && "bg-emerald-500")}
    />
  );
}

interface ProblemItem {
  key: string;
  severity: "error" | "warning";
  line: number | null;
  column: number | null;
  message: string;
  from: number | null;
  to: number | null;
}

/** The problems as a list under the editor; a click selects the place in the text. */
function ProblemList({ label, items, onJump, embedded }: { label: string; items: ProblemItem[]; onJump: (from: number, to: number) => void; embedded?: boolean }) {
  return (
    <ul aria-label={label} className={cn("max-h-48 overflow-y-auto", embedded ? "mt-2 space-y-1" : "divide-y divide-slate-100 border-t border-slate-200")}>
      {items.map((item) => {
        const where = item.line !== null ? `Line ${item.line}, column ${item.column}` : null;
        const content = (
          <>
            <span
              aria-hidden="true"
              className={cn(
                "mt-0.5 flex h-4 w-4 shrink-0 items-center justify-center rounded-full text-[10px] font-bold text-on-accent",
                item.severity === "error" ? "bg-red-500" : "bg-amber-500",
              )}
            >
              {item.severity === "error" ? "✕" : "!"}
            </span>
            <span className="min-w-0 text-sm text-slate-800">
              <span className="sr-only">{item.severity === "error" ? "Error: " : "Warning: "}</span>
              {where ? <span className="font-mono text-xs text-slate-500">{where}:</span> : null}{" "}
              {item.message}
            </span>
          </>
        );
        return (
          <li key={item.key}>
            {item.from !== null ? (
              <button
                type="button"
                onClick={() => onJump(item.from!, item.to ?? item.from!)}
                className={cn("flex w-full items-start gap-2.5 text-left hover:bg-slate-50", embedded ? "rounded-md px-2 py-1.5 hover:bg-white/70" : "px-5 py-2", focusRing)}
              >
                {content}
              </button>
            ) : (
              <div className={cn("flex items-start gap-2.5", embedded ? "px-2 py-1.5" : "px-5 py-2")}>{content}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
