/**
 * What the policy editor needs to know about documents that is not React: where each scope's
 * document lives in the management API, the document shown when none is saved, and the
 * server's refusals turned back into positions in the text.
 */
import type { ManagementErrorDetail } from "@/components/admin/management-fetch";
import type { PolicyScope } from "@/gateway/policies/policy";

/** Which document an editor edits: the global one (All APIs), a product's, or an API's onHandshake. */
export type PolicyTarget = { scope: "global" } | { scope: "product"; id: string } | { scope: "api"; id: string };

/** The management API path of the target's document (under `/api/management`). */
export function policyPath(target: PolicyTarget): string {
  if (target.scope === "global") return "/policies/policy";
  return `/${target.scope === "product" ? "products" : "apis"}/${encodeURIComponent(target.id)}/policies/policy`;
}

/** The document an editor starts from when its scope has none: every section, inheriting (`<base />`) below global. */
export function defaultPolicyDocument(scope: PolicyScope): string {
  const sections = ["inbound", "backend", "outbound", "on-error"];
  const inner = scope === "global" ? () => [] : () => ["    <base />"];
  return ["<policies>", ...sections.flatMap((s) => [`  <${s}>`, ...inner(), `  </${s}>`]), "</policies>"].join("\n");
}

/** A problem the server reported when saving, located in the text when its message says where. */
export interface ServerProblem {
  message: string;
  line: number | null;
  column: number | null;
  /** UTF-16 offset of line:column in the saved text, when known. */
  offset: number | null;
}

const POSITION = /\bline (\d+), column (\d+)\)?:?\s*/i;

/**
 * The server's `error.details[]` for `properties.value` as problems: "line 4, column 7: unknown
 * policy …" (or the older "is not well-formed XML (line 4, column 7): …") becomes line 4,
 * column 7 and the message after the position. Details about other fields keep their target.
 */
export function serverProblems(details: readonly ManagementErrorDetail[], text: string): ServerProblem[] {
  return details.map((d) => {
    const match = POSITION.exec(d.message);
    const about = d.target && d.target !== "properties.value" ? `${d.target} ` : "";
    if (!match) return { message: capitalize(about + d.message), line: null, column: null, offset: null };
    const line = Number(match[1]);
    const column = Number(match[2]);
    const rest = (d.message.slice(0, match.index).replace(/[\s(:,]+$/, "") + " " + d.message.slice(match.index + match[0].length)).trim();
    return { message: capitalize(about + rest.replace(/^is not well-formed XML\s*/i, "")), line, column, offset: offsetOf(text, line, column) };
  });
}

/** The UTF-16 offset of a 1-based line and column (CRLF, LF and lone CR end lines), clamped to the text. */
export function offsetOf(text: string, line: number, column: number): number {
  let current = 1;
  let i = 0;
  while (current < line && i < text.length) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) current++;
    i++;
  }
  return Math.min(text.length, i + Math.max(0, column - 1));
}

function capitalize(message: string): string {
  const text = message.trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "No problems", "1 error", "2 errors, 1 warning". */
export function problemSummary(counts: { errors: number; warnings: number }): string {
  const parts: string[] = [];
  if (counts.errors) parts.push(`${counts.errors} ${counts.errors === 1 ? "error" : "errors"}`);
  if (counts.warnings) parts.push(`${counts.warnings} ${counts.warnings === 1 ? "warning" : "warnings"}`);
  return parts.length ? parts.join(", ") : "No problems";
}

/**
 * A policy element cut out of its document, shown on its own: the first line has lost its
 * indentation in the cut, so the others lose as much as the closing line has.
 */
export function dedentElement(xml: string): string {
  const rows = xml.split(/\r?\n/);
  if (rows.length < 2) return xml.trim();
  const rest = rows.slice(1).filter((r) => r.trim() !== "");
  const last = rows[rows.length - 1]!;
  const lastIndent = /^\s*/.exec(last)![0].length;
  const minIndent = Math.min(...rest.map((r) => /^\s*/.exec(r)![0].length));
  const cut = last.trimStart().startsWith("</") ? Math.min(lastIndent, minIndent) : minIndent;
  return [rows[0]!.trim(), ...rows.slice(1).map((r) => r.slice(Math.min(cut, /^\s*/.exec(r)![0].length)))].join("\n");
}
