"use client";

/**
 * The CodeMirror 6 editor of a policy document. Loaded with `next/dynamic` and `ssr: false`
 * (see policy-editor.tsx), so neither CodeMirror nor the validator is in a server bundle or in
 * the first load of the pages that hold an editor. Problems come from the validator the server
 * runs on save, 150 ms after the last keystroke, underlined in the text and handed to the page.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, foldGutter, foldKeymap, HighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { xml } from "@codemirror/lang-xml";
import { lintGutter, linter, lintKeymap, type Diagnostic } from "@codemirror/lint";
// A dependency of @codemirror/language (installed with it): the tag names a highlight style maps.
import { tags } from "@lezer/highlight";
import { EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  placeholder,
} from "@codemirror/view";
import { useEffect, useImperativeHandle, useRef, type Ref } from "react";
import type { PolicyDiagnostic, PolicyScope } from "@/gateway/policies/policy";
import { validatePolicyDocument } from "@/gateway/policies/validate-policy-document";
import { POLICY_ELEMENTS } from "./policy-schema";
import { insertIntoInbound } from "./snippets/insert-into-inbound";

/** What the page may do to the editor. */
export interface XmlEditorHandle {
  /** Puts a snippet into `<inbound>` (see insertIntoInbound); false when the document has no `<policies>`. */
  insertIntoInbound(snippet: string): boolean;
  /** Replaces the whole text (Reset to saved, after a delete); undoable. */
  setText(text: string): void;
  /** Selects `from..to`, scrolls it into view and focuses the editor. */
  jumpTo(from: number, to?: number): void;
}

export interface XmlCodeEditorProps {
  initialText: string;
  scope: PolicyScope;
  /** The accessible name of the text area ("Policy document"). */
  label: string;
  /** Every change of the text. */
  onChange: (text: string) => void;
  /** The validator's problems for `text`, after each (debounced) check. */
  onDiagnostics: (diagnostics: PolicyDiagnostic[], text: string) => void;
  /** 1-based line and column of the caret. */
  onCursor?: (line: number, column: number) => void;
  handleRef: Ref<XmlEditorHandle>;
}

// Colours come from the portal's palette variables (app/globals.css), so the editor follows
// the light or dark theme with the rest of the page; line numbers use slate-500 (4.5:1).
const theme = EditorView.theme({
  "&": { fontSize: "13px", backgroundColor: "var(--color-white)", color: "var(--color-slate-900)", height: "100%" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace", lineHeight: "1.6" },
  ".cm-content": { padding: "10px 0", caretColor: "var(--color-indigo-600)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--color-slate-900)" },
  ".cm-line": { padding: "0 12px 0 6px" },
  ".cm-gutters": { backgroundColor: "var(--color-slate-50)", color: "var(--color-slate-500)", borderRight: "1px solid var(--color-slate-200)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--color-indigo-50)", color: "var(--color-indigo-700)" },
  ".cm-activeLine": { backgroundColor: "color-mix(in oklab, var(--color-indigo-50) 35%, transparent)" },
  ".cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection": { backgroundColor: "var(--color-indigo-200) !important" },
  ".cm-lineNumbers .cm-gutterElement": { padding: "0 8px 0 12px", minWidth: "32px" },
  ".cm-lint-marker": { width: "0.9em", height: "0.9em" },
  ".cm-lintRange-error": { backgroundColor: "var(--color-red-50)" },
  ".cm-lintRange-warning": { backgroundColor: "var(--color-amber-50)" },
  ".cm-tooltip": {
    border: "1px solid var(--color-slate-200)",
    borderRadius: "8px",
    backgroundColor: "var(--color-white)",
    color: "var(--color-slate-900)",
    boxShadow: "0 10px 15px -3px rgb(15 23 42 / 0.1)",
    overflow: "hidden",
  },
  ".cm-tooltip-lint": { fontFamily: "ui-sans-serif, system-ui, sans-serif", fontSize: "13px" },
  ".cm-diagnostic": { padding: "6px 10px" },
  ".cm-diagnostic-error": { borderLeft: "3px solid var(--color-red-600)" },
  ".cm-diagnostic-warning": { borderLeft: "3px solid var(--color-amber-600)" },
  ".cm-tooltip-autocomplete ul li[aria-selected]": { backgroundColor: "var(--color-accent)", color: "var(--color-on-accent)" },
  ".cm-foldGutter .cm-gutterElement": { padding: "0 4px", color: "var(--color-slate-400)" },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "var(--color-indigo-100)", outline: "none" },
  ".cm-matchingBracket": { backgroundColor: "transparent" },
});

/** XML colours from the palette (CodeMirror's default style is tuned for white only). */
const xmlHighlight = HighlightStyle.define([
  { tag: [tags.tagName, tags.angleBracket], color: "var(--color-indigo-700)" },
  { tag: tags.attributeName, color: "var(--color-sky-700)" },
  { tag: tags.attributeValue, color: "var(--color-emerald-700)" },
  { tag: [tags.comment, tags.meta, tags.processingInstruction], color: "var(--color-slate-500)", fontStyle: "italic" },
  { tag: tags.invalid, color: "var(--color-red-700)" },
]);

/** The policy document editor (CodeMirror 6, XML, live diagnostics, completion). */
export default function XmlCodeEditor({ initialText, scope, label, onChange, onDiagnostics, onCursor, handleRef }: XmlCodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The latest callbacks, read by the editor's listeners (which are set up once).
  const callbacks = useRef({ onChange, onDiagnostics, onCursor });
  useEffect(() => {
    callbacks.current = { onChange, onDiagnostics, onCursor };
  });

  useImperativeHandle(
    handleRef,
    () => ({
      insertIntoInbound(snippet) {
        const v = view.current;
        if (!v) return false;
        const change = insertIntoInbound(v.state.doc.toString(), v.state.selection.main.head, snippet);
        if (!change) return false;
        v.dispatch({
          changes: { from: change.from, to: change.to, insert: change.insert },
          selection: { anchor: change.snippetTo },
          effects: EditorView.scrollIntoView(change.snippetFrom, { y: "center" }),
          userEvent: "input.paste",
        });
        v.focus();
        return true;
      },
      setText(text) {
        const v = view.current;
        if (!v) return;
        v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text }, selection: { anchor: 0 }, scrollIntoView: true });
      },
      jumpTo(from, to = from) {
        const v = view.current;
        if (!v) return;
        const length = v.state.doc.length;
        const anchor = Math.min(from, length);
        v.dispatch({ selection: { anchor, head: Math.min(Math.max(to, anchor), length) }, effects: EditorView.scrollIntoView(anchor, { y: "center" }) });
        v.focus();
      },
    }),
    [],
  );

  useEffect(() => {
    if (!host.current) return;
    const check = linter(
      (v): Diagnostic[] => {
        const text = v.state.doc.toString();
        const found = validatePolicyDocument(text, scope);
        callbacks.current.onDiagnostics(found, text);
        const length = v.state.doc.length;
        return found.map((d) => ({
          from: Math.min(d.from, length),
          to: Math.min(Math.max(d.to, d.from), length),
          severity: d.severity,
          message: d.message,
          source: `Line ${d.line}, column ${d.column}`,
        }));
      },
      { delay: 150 },
    );
    const state = EditorState.create({
      doc: initialText,
      extensions: [
        lineNumbers(),
        foldGutter(),
        lintGutter(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        indentUnit.of("  "),
        EditorState.tabSize.of(2),
        bracketMatching(),
        closeBrackets(),
        autocompletion(),
        highlightActiveLine(),
        syntaxHighlighting(xmlHighlight),
        xml({ elements: POLICY_ELEMENTS }),
        check,
        placeholder("<policies>…</policies>"),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...foldKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true", spellcheck: "false", "data-testid": "policy-editor-content" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          if (update.docChanged || update.selectionSet) {
            const head = update.state.selection.main.head;
            const line = update.state.doc.lineAt(head);
            callbacks.current.onCursor?.(line.number, head - line.from + 1);
          }
        }),
        theme,
      ],
    });
    const editor = new EditorView({ state, parent: host.current });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // Created once per mount: later text comes in through the handle, not from `initialText`.
  }, [scope, label]);

  return <div ref={host} className="h-full min-h-0" data-testid="policy-editor" />;
}
