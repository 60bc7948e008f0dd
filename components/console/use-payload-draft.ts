"use client";

import { useMemo, useState } from "react";
import { parsePayload, prettyPrintJson, type BinaryEncoding, type ParsedPayload, type PayloadMode } from "./payload";
import type { ComposerFile, HistoryItem } from "./payload-composer";

/**
 * The payload being composed: its mode, binary encoding, typed text or chosen file, and what
 * they parse to. The console keeps it (it sends `parsed`); PayloadComposer edits it.
 */
export function usePayloadDraft() {
  const [mode, setMode] = useState<PayloadMode>("text");
  const [encoding, setEncoding] = useState<BinaryEncoding>("hex");
  const [draft, setDraft] = useState("");
  const [file, setFile] = useState<ComposerFile | null>(null);
  /** A file is sent instead of typed text. */
  const isFile = mode === "binary" && encoding === "file";
  const parsed: ParsedPayload = useMemo(() => {
    if (isFile) return file ? { ok: true, kind: "binary", data: file.bytes, size: file.bytes.length } : { ok: false, error: "Choose a file to send." };
    return parsePayload(mode, encoding, draft);
  }, [isFile, mode, encoding, draft, file]);

  /** Puts a sent item back in the editor. */
  const load = (item: HistoryItem) => {
    setMode(item.mode);
    if (item.mode === "binary") setEncoding(item.encoding);
    if (item.bytes) setFile({ name: item.draft, bytes: item.bytes });
    else setDraft(item.draft);
  };
  /** Re-indents the typed JSON; leaves text that does not parse as it is. */
  const prettyPrint = () => {
    const pretty = prettyPrintJson(draft);
    if (pretty !== null) setDraft(pretty);
  };
  /** What the history keeps of the payload sent now: a file by its name and bytes. */
  const sentItem = (): Omit<HistoryItem, "id" | "size"> =>
    isFile && file ? { mode, encoding, draft: file.name, bytes: file.bytes } : { mode, encoding, draft };

  return { mode, setMode, encoding, setEncoding, isFile, draft, setDraft, file, setFile, parsed, load, prettyPrint, sentItem };
}

/** The composer's state, as usePayloadDraft keeps it. */
export type PayloadDraft = ReturnType<typeof usePayloadDraft>;
