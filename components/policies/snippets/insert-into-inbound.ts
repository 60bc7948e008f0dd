/**
 * Putting a palette snippet into a document's `<inbound>` section, indented like its
 * neighbours. The document is read with the gateway's own parser (parse-xml.ts).
 */
import { parseXml } from "@/gateway/policies/xml/parse-xml";
import type { XmlElement } from "@/gateway/policies/xml/xml-tree";
import { INDENT } from "./xml-writer";

/** A change to apply to the editor (one replacement) and where the caret goes after it. */
export interface SnippetInsertion {
  from: number;
  to: number;
  insert: string;
  /** Offsets of the snippet itself in the new document (to select or scroll to it). */
  snippetFrom: number;
  snippetTo: number;
}

/** An element of the parsed document with where its content starts and ends. */
interface Located {
  name: string;
  start: number;
  /** Just past the start tag's '>' (equal to `end` when self-closing). */
  contentStart: number;
  /** Offset of the end tag's '<' (equal to `end` when self-closing). */
  contentEnd: number;
  end: number;
  selfClosing: boolean;
  children: Located[];
}

/** The gateway parser's element with its content's bounds, which the tree does not record. */
function locate(doc: string, element: XmlElement): Located {
  const selfClosing = doc.startsWith("/>", element.end - 2);
  const tagFrom = element.attributes.at(-1)?.end ?? element.nameEnd;
  const contentStart = selfClosing ? element.end : doc.indexOf(">", tagFrom) + 1;
  const contentEnd = selfClosing ? element.end : doc.lastIndexOf("</", element.end - 1);
  const children = element.children.filter((c): c is XmlElement => c.kind === "element").map((c) => locate(doc, c));
  return { name: element.name, start: element.start, contentStart, contentEnd, end: element.end, selfClosing, children };
}

/**
 * Where `snippet` (unindented XML) goes: at `cursor` when the cursor is inside `<inbound>`
 * (after the policy the cursor is in, so it never lands inside another element), else just
 * before `</inbound>`; `<inbound>` is created when missing. Lines are indented one level
 * deeper than `<inbound>`. Null when the document is not a well-formed `<policies>` document
 * (the gateway's parser decides, so a half-typed document is fixed first, not guessed at).
 */
export function insertIntoInbound(doc: string, cursor: number, snippet: string): SnippetInsertion | null {
  if (doc.trim() === "") {
    const body = indent(snippet, INDENT.repeat(2));
    return located(0, doc.length, `<policies>\n${INDENT}<inbound>\n${body}\n${INDENT}</inbound>\n</policies>\n`, body);
  }
  const parsed = parseXml(doc);
  if (!parsed.ok) return null;
  const root = locate(doc, parsed.root);
  const rootIndent = lineIndent(doc, root.start);
  const inbound = root.children.find((c) => c.name === "inbound");

  if (!inbound) {
    // A new <inbound>, first in <policies> where APIM documents keep it.
    const first = root.children[0];
    const sectionIndent = first && onOwnLine(doc, first.start) ? lineIndent(doc, first.start) : rootIndent + INDENT;
    const body = indent(snippet, sectionIndent + INDENT);
    const block = `${sectionIndent}<inbound>\n${body}\n${sectionIndent}</inbound>`;
    if (root.selfClosing) return located(root.start, root.end, `<policies>\n${block}\n${rootIndent}</policies>`, body);
    return onLinesOfTheirOwn(doc, first?.start ?? root.contentEnd, block, body, { parent: rootIndent, child: sectionIndent });
  }

  const sectionIndent = lineIndent(doc, inbound.start);
  const first = inbound.children[0];
  const childIndent = first && onOwnLine(doc, first.start) ? lineIndent(doc, first.start) : sectionIndent + INDENT;
  const body = indent(snippet, childIndent);
  if (inbound.selfClosing) return located(inbound.start, inbound.end, `<inbound>\n${body}\n${sectionIndent}</inbound>`, body);

  let at = inbound.contentEnd;
  if (cursor >= inbound.contentStart && cursor <= inbound.contentEnd) {
    const holder = inbound.children.find((c) => cursor > c.start && cursor < c.end);
    at = holder ? holder.end : cursor;
  }
  return onLinesOfTheirOwn(doc, at, body, body, { parent: sectionIndent, child: childIndent });
}

/**
 * Inserts `text` (every line indented) at `at` on lines of its own: it fills an empty line;
 * at the start of a line's content it goes on a new line above; after other content on the
 * line it goes on a new line below, and what followed moves to the next line, indented.
 */
function onLinesOfTheirOwn(doc: string, at: number, text: string, body: string, indents: { parent: string; child: string }): SnippetInsertion {
  const lineStart = doc.lastIndexOf("\n", at - 1) + 1;
  const nextBreak = doc.indexOf("\n", at);
  const lineEnd = nextBreak < 0 ? doc.length : nextBreak;
  const before = doc.slice(lineStart, at);
  const after = doc.slice(at, lineEnd);
  if (before.trim() === "" && after.trim() === "") return located(lineStart, lineEnd, text, body);
  if (before.trim() === "") return located(lineStart, lineStart, `${text}\n`, body);
  if (after.trim() === "") return located(at, lineEnd, `\n${text}`, body);
  const following = after.trimStart().startsWith("</") ? indents.parent : indents.child;
  return located(at, at + (after.length - after.trimStart().length), `\n${text}\n${following}`, body);
}

function located(from: number, to: number, insert: string, body: string): SnippetInsertion {
  const trimmed = body.trimStart();
  const snippetFrom = from + insert.indexOf(trimmed);
  return { from, to, insert, snippetFrom, snippetTo: snippetFrom + trimmed.length };
}

function indent(snippet: string, prefix: string): string {
  return snippet
    .split("\n")
    .map((line) => (line === "" ? line : prefix + line))
    .join("\n");
}

/** The whitespace at the start of the line holding `offset`. */
function lineIndent(doc: string, offset: number): string {
  const lineStart = doc.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(doc.slice(lineStart))![0];
}

function onOwnLine(doc: string, offset: number): boolean {
  const lineStart = doc.lastIndexOf("\n", offset - 1) + 1;
  return doc.slice(lineStart, offset).trim() === "";
}
