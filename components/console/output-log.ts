import { asciiPreview, closeCodeName, formatBytes, hexPreview } from "./format";

/**
 * The console's output log: what happened, in order, capped so a chatty backend cannot grow
 * the page without bound. Entries keep only what is shown (a binary message keeps its preview,
 * not its bytes).
 */

export type Direction = "sent" | "received" | "system";
export type EntryType = "text" | "binary" | "open" | "close" | "error" | "info";

export interface LogEntry {
  id: number;
  time: number;
  direction: Direction;
  type: EntryType;
  /** Bytes on the wire, for messages. */
  size: number | null;
  /** Text messages and system lines. */
  text: string;
  /** Binary messages: hex of the first bytes, and the same as ASCII. */
  hex?: string;
  ascii?: string;
  /** The text was cut for display; the full message had this many characters. */
  truncatedFrom?: number;
}

/** At most this many entries are kept; the oldest go first. */
export const MAX_ENTRIES = 1000;
/** Text messages longer than this are shown cut (the size column still says the real size). */
export const MAX_TEXT_CHARS = 10_000;
/** Binary messages show this many bytes. */
export const PREVIEW_BYTES = 64;

let nextId = 1;

/** A log entry for a text message. */
export function textEntry(direction: "sent" | "received", text: string, size: number, time = Date.now()): LogEntry {
  const cut = text.length > MAX_TEXT_CHARS;
  return { id: nextId++, time, direction, type: "text", size, text: cut ? text.slice(0, MAX_TEXT_CHARS) : text, truncatedFrom: cut ? text.length : undefined };
}

/** A log entry for a binary message (the preview only). */
export function binaryEntry(direction: "sent" | "received", bytes: Uint8Array, time = Date.now()): LogEntry {
  return {
    id: nextId++,
    time,
    direction,
    type: "binary",
    size: bytes.length,
    text: "",
    hex: hexPreview(bytes, PREVIEW_BYTES),
    ascii: asciiPreview(bytes, PREVIEW_BYTES),
  };
}

/** A system line: connection opened, closed, failed, or a note. */
export function systemEntry(type: "open" | "close" | "error" | "info", text: string, time = Date.now()): LogEntry {
  return { id: nextId++, time, direction: "system", type, size: null, text };
}

/** The log with `added` appended, keeping the newest `max`. */
export function appendEntries(log: readonly LogEntry[], added: readonly LogEntry[], max = MAX_ENTRIES): LogEntry[] {
  if (added.length === 0) return log as LogEntry[];
  const all = log.concat(added);
  return all.length > max ? all.slice(all.length - max) : all;
}

const DIRECTION_WORDS: Record<Direction, string> = { sent: "sent ↑", received: "received ↓", system: "system •" };

/** Whether an entry matches the filter box: every word, case-insensitively, in its text, type, direction or preview. */
export function matchesFilter(entry: LogEntry, filter: string): boolean {
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = `${entry.text} ${entry.type} ${DIRECTION_WORDS[entry.direction]} ${entry.hex ?? ""} ${entry.ascii ?? ""}`.toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** "1000 Normal Closure · reason “bye” · clean". */
export function describeClose(code: number, reason: string, wasClean: boolean): string {
  const parts = [`${code} ${closeCodeName(code)}`];
  parts.push(reason ? `reason “${reason}”` : "no reason");
  parts.push(wasClean ? "clean" : "not clean");
  return parts.join(" · ");
}

/** The size column: "12 B", or "" for system lines. */
export function sizeLabel(entry: LogEntry): string {
  return entry.size === null ? "" : formatBytes(entry.size);
}
