"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { ManagementRequestError } from "@/components/admin/management-fetch";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { PlusIcon } from "@/components/ui/icons";
import { ErrorNotice } from "@/components/ui/resource-states";
import { useToast } from "@/components/ui/toast";
import { UnsavedChangesGuard } from "@/components/ui/unsaved-changes-guard";
import type { PolicyDiagnostic } from "@/gateway/policies/policy";
import { EditorFooter } from "./editor/editor-footer";
import { EditorFrame, EditorSkeleton } from "./editor/editor-frame";
import { PolicyStatusBar, ProblemList } from "./editor/problem-list";
import { useEditorShortcuts } from "./editor/use-editor-shortcuts";
import { defaultPolicyDocument, policyPath, serverProblems, type PolicyTarget, type ServerProblem } from "./policy-documents";
import { PolicyPalette } from "./policy-palette";
import { deletePolicyDocument, policyKeys, savePolicyDocument, usePolicyDocument } from "./policy-queries";
import type { XmlEditorHandle } from "./xml-code-editor";

/** CodeMirror and the validator load in the browser only, when an editor is shown. */
const XmlCodeEditor = dynamic(() => import("./xml-code-editor"), {
  ssr: false,
  loading: () => <EditorSkeleton />,
});

/**
 * Unsaved text per document, kept while the user visits another tab or page of the portal (the
 * editor unmounts; leaving the page asks first); a reload loses it, after the browser's
 * "leave page?" question.
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
  const serverRefusal = refused && refused.text === text ? refused.problems : null;

  const saveDocument = useMutation({
    mutationFn: (value: string) => savePolicyDocument(target, value),
    onSuccess: (value) => {
      setSavedText(value);
      setRefused(null);
      queryClient.setQueryData(policyKeys.document(target), value);
      void queryClient.invalidateQueries({ queryKey: policyKeys.all });
      toast.show({ title: "Policy saved", description: "New handshakes use it within a second." });
    },
    onError: (error, value) => {
      if (error instanceof ManagementRequestError && error.status === 400 && error.details.length > 0) {
        setRefused({ problems: serverProblems(error.details, value), text: value });
        toast.show({ tone: "error", title: "The policy was not saved", description: error.details.length === 1 ? "The server found a problem in it." : `The server found ${error.details.length} problems in it.` });
      } else {
        toast.show({ tone: "error", title: "The policy was not saved", description: error.message });
      }
    },
  });
  const saving = saveDocument.isPending;
  const { mutate } = saveDocument;
  const save = useCallback(() => {
    if (!saving) mutate(text);
  }, [mutate, saving, text]);

  useEditorShortcuts(save);

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

      <PolicyStatusBar diagnostics={current} cursor={cursor} scope={target.scope} />

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

      <EditorFooter
        hasSaved={savedText !== null}
        dirty={dirty}
        saving={saving}
        onDelete={() => setConfirmDelete(true)}
        onReset={() => editor.current?.setText(baseline)}
        onSave={save}
      />

      <PolicyPalette
        open={paletteOpen}
        onClose={() => setPaletteOpen(false)}
        onInsert={(xml, kind) => {
          const inserted = editor.current?.insertIntoInbound(xml) ?? false;
          if (!inserted) {
            toast.show({ tone: "error", title: "The policy was not added", description: "The document has no <policies> element to put it in, or is not well-formed XML. Fix the document or reset it first." });
            return false;
          }
          setPaletteOpen(false);
          toast.show({ tone: "info", title: `<${kind}> added to <inbound>`, description: "Review it, then save." });
          return true;
        }}
      />
      {/* Leaving the page with unsaved changes asks first (the draft stays until a reload). */}
      <UnsavedChangesGuard
        when={dirty}
        description="Your changes to this policy are not saved: handshakes keep running the saved policy. The editor keeps them until you reload or close this tab."
        confirmLabel="Leave page"
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
