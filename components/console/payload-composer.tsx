"use client";

import { useId, useRef, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { focusRing } from "@/components/ui/focus";
import { controlClasses } from "@/components/ui/input";
import { ArrowPathIcon, PaperAirplaneIcon } from "./console-icons";
import { formatBytes } from "./format";
import type { BinaryEncoding, PayloadMode } from "./payload";
import { Segmented } from "./segmented";
import type { PayloadDraft } from "./use-payload-draft";

/** A payload the user sent, to load again or resend. */
export interface HistoryItem {
  id: string;
  mode: PayloadMode;
  encoding: BinaryEncoding;
  /** The draft as typed (text, JSON, hex or base64); the file's name for a file. */
  draft: string;
  /** A file's bytes (files only). */
  bytes?: Uint8Array;
  size: number;
}

export interface ComposerFile {
  name: string;
  bytes: Uint8Array;
}

const MODES = [
  { value: "text", label: "Text" },
  { value: "json", label: "JSON" },
  { value: "binary", label: "Binary" },
] as const;
const ENCODINGS = [
  { value: "hex", label: "Hex" },
  { value: "base64", label: "Base64" },
  { value: "file", label: "File" },
] as const;

const PLACEHOLDERS: Record<string, string> = {
  text: "Hello, gateway!",
  json: '{\n  "type": "subscribe",\n  "channel": "prices"\n}',
  hex: "48 65 6c 6c 6f",
  base64: "SGVsbG8=",
};

/** The payload editor (text, JSON, binary as hex, base64 or a file), Send, and the sent history. */
export function PayloadComposer({
  payload,
  connected,
  onSend,
  history,
  onResend,
  onClearHistory,
}: {
  /** The payload being edited (usePayloadDraft): its fields, what they parse to, loading a sent item. */
  payload: PayloadDraft;
  connected: boolean;
  onSend: () => void;
  history: readonly HistoryItem[];
  onResend: (item: HistoryItem) => void;
  onClearHistory: () => void;
}) {
  const { mode, setMode: onMode, encoding, setEncoding: onEncoding, isFile, draft, setDraft: onDraft, file, setFile: onFile, parsed, prettyPrint: onPrettyPrint, load: onLoad } = payload;
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const canSend = connected && parsed.ok;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (canSend) onSend();
    }
  };

  const status = !parsed.ok ? (
    <p id={`${id}-status`} className="flex items-start gap-1.5 text-sm text-red-700" data-testid="payload-error">
      <svg viewBox="0 0 20 20" fill="currentColor" className="mt-0.5 h-4 w-4 shrink-0" aria-hidden="true">
        <path
          fillRule="evenodd"
          d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
          clipRule="evenodd"
        />
      </svg>
      <span>{parsed.error}</span>
    </p>
  ) : (
    <p id={`${id}-status`} className="text-sm text-slate-500" data-testid="payload-status">
      {parsed.kind === "text" ? "Text message" : "Binary message"} · {formatBytes(parsed.size)}
      {mode === "json" ? <span className="text-emerald-700"> · valid JSON</span> : null}
    </p>
  );

  return (
    <Card title="Message" description="What the console sends to the backend, through the gateway." bodyClassName="p-0!">
      <div className="grid @3xl:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="space-y-3 px-5 py-4" onKeyDown={onKeyDown}>
          <div className="flex flex-wrap items-center gap-3">
            <Segmented label="Payload type" options={MODES} value={mode} onChange={onMode} />
            {mode === "binary" ? <Segmented label="Binary input" options={ENCODINGS} value={encoding} onChange={onEncoding} size="sm" /> : null}
            {mode === "json" ? (
              <Button variant="secondary" size="sm" onClick={onPrettyPrint} disabled={!parsed.ok} className="ml-auto">
                Pretty-print
              </Button>
            ) : null}
          </div>

          {isFile ? (
            <div className="flex min-h-36 flex-col items-center justify-center gap-2 rounded-lg border border-dashed border-slate-300 bg-slate-50 px-4 py-6 text-center">
              <input
                ref={fileInput}
                id={`${id}-file`}
                type="file"
                className="peer sr-only"
                onChange={async (e) => {
                  const chosen = e.target.files?.[0];
                  onFile(chosen ? { name: chosen.name, bytes: new Uint8Array(await chosen.arrayBuffer()) } : null);
                }}
              />
              {file ? (
                <p className="text-sm text-slate-700">
                  <span className="font-medium text-slate-900">{file.name}</span> · {formatBytes(file.bytes.length)}
                </p>
              ) : (
                <p className="text-sm text-slate-500">Its bytes are sent as one binary message.</p>
              )}
              <label htmlFor={`${id}-file`} className="cursor-pointer rounded-md bg-white px-3 py-1.5 text-sm font-semibold text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600 hover:bg-slate-50">
                {file ? "Choose another file" : "Choose a file"}
              </label>
            </div>
          ) : (
            <div>
              <label htmlFor={`${id}-payload`} className="sr-only">
                Payload
              </label>
              <textarea
                id={`${id}-payload`}
                value={draft}
                onChange={(e) => onDraft(e.target.value)}
                placeholder={PLACEHOLDERS[mode === "binary" ? encoding : mode]}
                spellCheck={false}
                autoComplete="off"
                aria-invalid={!parsed.ok || undefined}
                aria-describedby={`${id}-status`}
                rows={6}
                className={controlClasses(!parsed.ok && draft !== "", "min-h-36 resize-y py-2 font-mono text-[13px] leading-5")}
              />
            </div>
          )}

          <div className="flex flex-wrap items-center justify-between gap-3">
            <div aria-live="polite" className="min-w-0 flex-1">
              {status}
            </div>
            <div className="flex items-center gap-3">
              <span className="hidden text-xs text-slate-400 @xl:inline">
                <kbd className="rounded border border-slate-300 bg-white px-1 font-sans text-[11px] text-slate-500">Ctrl</kbd> +{" "}
                <kbd className="rounded border border-slate-300 bg-white px-1 font-sans text-[11px] text-slate-500">Enter</kbd>
              </span>
              <Button onClick={onSend} disabled={!canSend} icon={<PaperAirplaneIcon className="h-4 w-4" />} title={connected ? undefined : "Connect first"}>
                Send
              </Button>
            </div>
          </div>
          {!connected ? <p className="text-xs text-slate-500">Connect to send.</p> : null}
        </div>

        <History history={history} connected={connected} onLoad={onLoad} onResend={onResend} onClear={onClearHistory} />
      </div>
    </Card>
  );
}

function History({
  history,
  connected,
  onLoad,
  onResend,
  onClear,
}: {
  history: readonly HistoryItem[];
  connected: boolean;
  onLoad: (item: HistoryItem) => void;
  onResend: (item: HistoryItem) => void;
  onClear: () => void;
}) {
  return (
    <section aria-labelledby="console-history-heading" className="flex min-h-0 flex-col border-t border-slate-100 @3xl:border-t-0 @3xl:border-l">
      <div className="flex items-center justify-between px-4 pt-3 pb-2">
        <h3 id="console-history-heading" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Sent history
        </h3>
        {history.length > 0 ? (
          <button
            type="button"
            onClick={onClear}
            aria-label="Clear sent history"
            className={cn("rounded text-xs font-medium text-slate-500 hover:text-slate-800", focusRing)}
          >
            Clear
          </button>
        ) : null}
      </div>
      {history.length === 0 ? (
        <p className="px-4 pb-4 text-sm text-slate-400">Payloads you send appear here, to load again or resend.</p>
      ) : (
        <ul className="max-h-64 flex-1 overflow-y-auto px-2 pb-2" data-testid="console-history">
          {history.map((item) => (
            <li key={item.id} className="group flex items-center gap-1 rounded-md hover:bg-slate-50">
              <button
                type="button"
                onClick={() => onLoad(item)}
                aria-label={`Load ${historyPreview(item)} (${item.mode === "binary" ? item.encoding : item.mode}, ${formatBytes(item.size)})`}
                title="Load into the editor"
                className={cn("flex min-w-0 flex-1 items-center gap-2 rounded-md px-2 py-1.5 text-left", focusRing)}
              >
                <span className="w-11 shrink-0 rounded bg-slate-100 px-1 py-0.5 text-center text-[10px] font-semibold tracking-wide text-slate-600 uppercase">
                  {item.mode === "binary" ? item.encoding : item.mode}
                </span>
                <span className="min-w-0 flex-1 truncate font-mono text-xs text-slate-700">{historyPreview(item)}</span>
                <span className="shrink-0 text-[11px] text-slate-400 tabular-nums">{formatBytes(item.size)}</span>
              </button>
              <button
                type="button"
                onClick={() => onResend(item)}
                disabled={!connected}
                aria-label={`Resend ${historyPreview(item)}`}
                title={connected ? "Resend" : "Connect to resend"}
                className={cn("shrink-0 rounded-md p-1.5 text-slate-400 hover:bg-white hover:text-indigo-700 disabled:cursor-not-allowed disabled:opacity-40", focusRing)}
              >
                <ArrowPathIcon />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One line of a history item: its text squeezed onto one line. */
export function historyPreview(item: HistoryItem): string {
  const text = item.draft.replace(/\s+/g, " ").trim();
  if (item.mode === "binary" && item.encoding === "file") return item.draft;
  return text === "" ? "(empty)" : text.slice(0, 120);
}
