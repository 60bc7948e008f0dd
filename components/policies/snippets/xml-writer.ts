/**
 * Writing the "Add policy" palette's XML: escaping, attributes in APIM's spelling, and elements
 * indented two spaces a level. A value that is a policy expression is kept as typed, as the
 * gateway's parser reads it. No React here, so the unit tests pin the exact text.
 */
import { compileExpression, isExpression } from "@/gateway/policies/expressions/compile-expression";

/** One level of indentation in a policy document. */
export const INDENT = "  ";

/** Escapes text content: `&`, `<`, `>`. */
export function escapeXmlText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes an attribute value for double quotes: `&`, `<`, `>`, `"`. */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value).replace(/"/g, "&quot;");
}

/** True for a whole policy expression the gateway compiles, `@(…)` or `@{…}` (the gateway's parser decides). */
export function isPolicyExpression(value: string): boolean {
  const v = value.trim();
  return isExpression(v) && compileExpression(v).ok;
}

/**
 * An attribute value as written in the document: an expression is kept as typed (the policy
 * parser reads `@(…)` as C#, quotes included, and does not decode entities inside it); any
 * other value is escaped.
 */
function attributeValue(value: string): string {
  return isPolicyExpression(value) ? value.trim() : escapeXmlAttribute(value);
}

/** An attribute of a snippet's element; an empty, null or undefined value leaves it out. */
export type Attribute = [name: string, value: string | number | boolean | undefined | null];

function attributes(list: Attribute[]): string {
  return list
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .map(([name, value]) => ` ${name}="${attributeValue(String(value))}"`)
    .join("");
}

/** `<name attrs />`, or `<name attrs>` + indented children + `</name>`. */
export function element(name: string, attrs: Attribute[], children: string[] = []): string {
  const open = `<${name}${attributes(attrs)}`;
  if (children.length === 0) return `${open} />`;
  return [`${open}>`, ...children.flatMap((child) => child.split("\n").map((line) => INDENT + line)), `</${name}>`].join("\n");
}

/** `<name>text</name>`, the text trimmed and escaped. */
export function textElement(name: string, text: string): string {
  return `<${name}>${escapeXmlText(text.trim())}</${name}>`;
}

/** The non-empty, trimmed lines of a multi-line field. */
export function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}
