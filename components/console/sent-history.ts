import type { HistoryItem } from "./payload-composer";

/** The sent history: newest first, one entry per distinct payload, capped; typed payloads kept in localStorage per API. */

export const MAX_HISTORY = 30;
const STORAGE_PREFIX = "portcullis:console-history:";

let counter = 0;

/** The history with `item` first (an equal earlier entry moves up rather than repeating). */
export function rememberSent(history: readonly HistoryItem[], item: Omit<HistoryItem, "id">): HistoryItem[] {
  const same = (h: HistoryItem) => h.mode === item.mode && h.encoding === item.encoding && h.draft === item.draft && h.size === item.size;
  counter += 1;
  const entry: HistoryItem = { ...item, id: `sent-${Date.now()}-${counter}` };
  return [entry, ...history.filter((h) => !same(h))].slice(0, MAX_HISTORY);
}

/** The saved typed history of an API ([] when there is none or storage is unavailable). */
export function loadHistory(apiPath: string, storage: Pick<Storage, "getItem"> | undefined = safeStorage()): HistoryItem[] {
  try {
    const raw = storage?.getItem(STORAGE_PREFIX + apiPath);
    if (!raw) return [];
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(isTypedItem).slice(0, MAX_HISTORY);
  } catch {
    return [];
  }
}

/** Saves the typed part of the history (file payloads stay in memory only). */
export function saveHistory(apiPath: string, history: readonly HistoryItem[], storage: Pick<Storage, "setItem"> | undefined = safeStorage()): void {
  try {
    storage?.setItem(STORAGE_PREFIX + apiPath, JSON.stringify(history.filter((h) => !h.bytes)));
  } catch {
    // Storage full or forbidden: the history just does not survive a reload.
  }
}

function isTypedItem(value: unknown): value is HistoryItem {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === "string" &&
    (v.mode === "text" || v.mode === "json" || v.mode === "binary") &&
    (v.encoding === "hex" || v.encoding === "base64" || (v.encoding === "file" && v.mode !== "binary")) &&
    typeof v.draft === "string" &&
    typeof v.size === "number"
  );
}

function safeStorage(): Storage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}
