/**
 * What the console sends: text, JSON (validated, sent as a text frame) or binary typed as hex or
 * base64 (files arrive as bytes already). Parsing is pure so the Send button and the error under
 * the payload agree with what a test asserts.
 */
import { lineAndColumn } from "@/gateway/policies/xml/xml-tree";

export type PayloadMode = "text" | "json" | "binary";
export type BinaryEncoding = "hex" | "base64" | "file";

export type ParsedPayload =
  | { ok: true; kind: "text"; data: string; size: number }
  | { ok: true; kind: "binary"; data: Uint8Array; size: number }
  | { ok: false; error: string };

/** The UTF-8 size of a text message as it goes on the wire (a lone surrogate becomes U+FFFD), without encoding it. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Parses the draft for the chosen mode; files are not parsed here (their bytes are the payload). */
export function parsePayload(mode: PayloadMode, encoding: BinaryEncoding, draft: string): ParsedPayload {
  if (mode === "text") return { ok: true, kind: "text", data: draft, size: utf8Length(draft) };
  if (mode === "json") {
    const problem = jsonProblem(draft);
    return problem ? { ok: false, error: problem } : { ok: true, kind: "text", data: draft, size: utf8Length(draft) };
  }
  if (encoding === "file") return { ok: false, error: "Choose a file to send." };
  const bytes = encoding === "hex" ? parseHex(draft) : parseBase64(draft);
  return bytes.ok ? { ok: true, kind: "binary", data: bytes.bytes, size: bytes.bytes.length } : { ok: false, error: bytes.error };
}

/** Null when `text` is one JSON value; otherwise what is wrong and where (line and column). */
export function jsonProblem(text: string): string | null {
  if (text.trim() === "") return "Enter a JSON value.";
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return describeJsonError(text, error instanceof Error ? error.message : String(error));
  }
}

/**
 * V8's JSON.parse messages, made readable: "Expected ',' or '}' after property value in JSON at
 * position 12 (line 2 column 3)" → "Line 2, column 3: expected ',' or '}' after property value".
 */
export function describeJsonError(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message);
  if (message.startsWith("Unexpected end of JSON input")) {
    const { line, column } = lineAndColumn(text, text.length);
    return `Line ${line}, column ${column}: the JSON ends too early.`;
  }
  const head = message
    .replace(/\s*\(line \d+ column \d+\)/, "")
    .replace(/\s*(?:in JSON\s+)?at position \d+.*$/, "")
    .replace(/, ".*" is not valid JSON$/s, "")
    .trim();
  const what = head.charAt(0).toLowerCase() + head.slice(1);
  if (!position) return `${head.charAt(0).toUpperCase()}${head.slice(1)}.`;
  const { line, column } = lineAndColumn(text, Number(position[1]));
  return `Line ${line}, column ${column}: ${what}.`;
}

/** The JSON re-indented with two spaces; null when it does not parse. */
export function prettyPrintJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

type BytesResult = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** "48 65 6c", "48656c", "0x48,0x65" or "48:65" → bytes. */
export function parseHex(text: string): BytesResult {
  const digits = text
    .split(/[\s,:]+/)
    .filter(Boolean)
    .map((group) => (/^0x/i.test(group) ? group.slice(2) : group))
    .join("");
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad) return { ok: false, error: `“${bad[0]}” is not a hex digit (use 0–9 and a–f, e.g. 48 65 6c 6c 6f).` };
  if (digits.length % 2 !== 0) return { ok: false, error: `Hex needs two digits per byte; ${digits.length} digits is an odd number.` };
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return { ok: true, bytes };
}

/** Standard or URL-safe base64, padding optional, whitespace ignored → bytes. */
export function parseBase64(text: string): BytesResult {
  const compact = text.replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    const bad = /[^A-Za-z0-9+/=]/.exec(compact);
    return { ok: false, error: bad ? `“${bad[0]}” is not a base64 character.` : "Padding (=) may only end the text." };
  }
  const unpadded = compact.replace(/=+$/, "");
  if (unpadded.length % 4 === 1) return { ok: false, error: "The base64 text is one character too long or too short to be whole bytes." };
  const binary = atob(unpadded + "=".repeat((4 - (unpadded.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { ok: true, bytes };
}
