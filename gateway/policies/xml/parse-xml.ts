/**
 * A strict, small XML parser for policy documents: one root element, `<policies>`; matched, properly nested tags;
 * quoted, unique attributes; defined entity references only; comments, CDATA and processing
 * instructions; no DOCTYPE (no entity expansion, ever). APIM policy expressions, `@(…)` and
 * `@{…}`, are read as C# (strings, generics) wherever they start, in attribute values and in
 * text, because APIM documents write `GetValueOrDefault<string>("x")` unescaped.
 * Returns the tree with source offsets, or the first problem with its offset, line and column.
 * No Node built-ins: the admin portal's editor runs it in the browser.
 */
import { lineAndColumn, type XmlElement } from "./xml-tree";

export interface XmlProblem {
  line: number;
  column: number;
  message: string;
}

export type XmlParseResult = { ok: true; root: XmlElement } | { ok: false; offset: number; problem: XmlProblem };

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;
/** Deeper nesting is refused: no policy needs it, and the parser recurses. */
const MAX_DEPTH = 64;
const PREDEFINED_ENTITIES = new Set(["lt", "gt", "amp", "quot", "apos"]);
/** Characters XML 1.0 forbids anywhere (C0 controls other than tab, LF, CR); matching them is the point. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

class XmlError extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parses `text`, a policy document whose root element must be `<policies>`. */
export function parseXml(text: string): XmlParseResult {
  try {
    return { ok: true, root: new PolicyXmlScanner(text).document() };
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    return { ok: false, offset: error.at, problem: { ...lineAndColumn(text, error.at), message: error.message } };
  }
}

/** Checks `text`; null when it is a well-formed XML document whose root element is `<policies>`. */
export function checkPolicyXml(text: string): XmlProblem | null {
  const result = parseXml(text);
  return result.ok ? null : result.problem;
}

const ENTITY_VALUES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes a reference already checked by the scanner (`&lt;`, `&#10;`, `&#x1F;`). */
function decodeReference(body: string): string {
  if (body.startsWith("#")) return String.fromCodePoint(body[1] === "x" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10));
  return ENTITY_VALUES[body]!;
}

/** Inside expressions references are decoded when they are well-formed and left as written otherwise (C# `&&`). */
function decodeExpression(raw: string): string {
  return raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_m, body: string) => decodeReference(body));
}

class PolicyXmlScanner {
  private pos = 0;

  constructor(private readonly text: string) {
    const bad = FORBIDDEN_CHAR.exec(text);
    if (bad) throw new XmlError(bad.index, `character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} is not allowed in XML`);
  }

  document(): XmlElement {
    if (this.text.startsWith("\uFEFF")) this.pos = 1;
    if (this.text.startsWith("<?xml", this.pos) && /[\s?]/.test(this.text[this.pos + 5] ?? "")) this.processingInstruction();
    this.misc();
    if (this.pos >= this.text.length) throw new XmlError(this.pos, "the document is empty: expected a <policies> element");
    if (this.text.startsWith("<!DOCTYPE", this.pos)) throw new XmlError(this.pos, "DOCTYPE declarations are not allowed");
    if (this.text[this.pos] !== "<") throw new XmlError(this.pos, "expected the <policies> element, found text");
    const rootAt = this.pos;
    const root = this.element(0);
    if (root.name !== "policies") throw new XmlError(rootAt + 1, `the root element must be <policies>, not <${root.name}>`);
    this.misc();
    if (this.pos < this.text.length) {
      throw new XmlError(this.pos, this.text[this.pos] === "<" ? "only one root element is allowed" : "text is not allowed after the root element");
    }
    return root;
  }

  /** Whitespace, comments and processing instructions outside the root element. */
  private misc(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.text.startsWith("<!--", this.pos)) this.comment();
      else if (this.text.startsWith("<?", this.pos)) this.processingInstruction();
      else return;
    }
  }

  /** An element from its `<`. */
  private element(depth: number): XmlElement {
    const start = this.pos;
    if (depth > MAX_DEPTH) throw new XmlError(start, `elements are nested more than ${MAX_DEPTH} deep`);
    this.pos++;
    const name = this.name("an element name after '<'");
    const element: XmlElement = { kind: "element", name, attributes: [], children: [], start, end: start, nameEnd: this.pos };
    const seen = new Set<string>();
    for (;;) {
      const hadSpace = this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ">") {
        this.pos++;
        break;
      }
      if (c === "/" && this.text[this.pos + 1] === ">") {
        this.pos += 2;
        element.end = this.pos;
        return element;
      }
      if (c === undefined) throw new XmlError(start, `the start tag <${name}> is not closed`);
      if (!hadSpace) throw new XmlError(this.pos, `expected whitespace, '>' or '/>' in the start tag <${name}>`);
      const attributeAt = this.pos;
      const attribute = this.name(`an attribute name, '>' or '/>' in the start tag <${name}>`);
      if (seen.has(attribute)) throw new XmlError(attributeAt, `the attribute '${attribute}' appears twice in <${name}>`);
      seen.add(attribute);
      this.skipWhitespace();
      this.expect("=", `'=' after the attribute '${attribute}'`);
      this.skipWhitespace();
      const valueStart = this.pos + 1;
      const value = this.attributeValue(attribute);
      element.attributes.push({ kind: "attribute", name: attribute, value, start: attributeAt, end: this.pos, valueStart });
    }
    this.content(element, depth);
    element.end = this.pos;
    return element;
  }

  /** Children and text up to and including `</name>`. */
  private content(element: XmlElement, depth: number): void {
    const { name, start } = element;
    let text = "";
    let textStart = -1;
    const flush = () => {
      if (textStart >= 0) element.children.push({ kind: "text", value: text, start: textStart, end: this.pos });
      text = "";
      textStart = -1;
    };
    const mark = () => {
      if (textStart < 0) textStart = this.pos;
    };
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) throw new XmlError(start, `<${name}> is not closed: expected </${name}>`);
      if (c === "<") {
        if (this.text.startsWith("</", this.pos)) {
          flush();
          const endAt = this.pos;
          this.pos += 2;
          const closing = this.name(`the element name after '</'`);
          if (closing !== name) throw new XmlError(endAt, `expected </${name}>, found </${closing}>`);
          this.skipWhitespace();
          this.expect(">", `'>' to end </${name}`);
          return;
        }
        if (this.text.startsWith("<!--", this.pos)) this.comment();
        else if (this.text.startsWith("<![CDATA[", this.pos)) {
          mark();
          text += this.cdata();
        } else if (this.text.startsWith("<?", this.pos)) this.processingInstruction();
        else if (this.text.startsWith("<!", this.pos)) throw new XmlError(this.pos, "declarations are not allowed inside elements");
        else {
          flush();
          element.children.push(this.element(depth + 1));
        }
      } else if (c === "&") {
        mark();
        text += this.reference();
      } else if (c === "@" && (this.text[this.pos + 1] === "(" || this.text[this.pos + 1] === "{")) {
        mark();
        text += this.expression();
      } else if (c === "]" && this.text.startsWith("]]>", this.pos)) {
        throw new XmlError(this.pos, "']]>' is not allowed in text");
      } else {
        mark();
        text += c;
        this.pos++;
      }
    }
  }

  /** A quoted attribute value; returns it decoded (an expression as written, references decoded). */
  private attributeValue(attribute: string): string {
    const quote = this.text[this.pos];
    if (quote !== '"' && quote !== "'") throw new XmlError(this.pos, `the value of '${attribute}' must be quoted`);
    const start = this.pos;
    this.pos++;
    if (this.text[this.pos] === "@" && (this.text[this.pos + 1] === "(" || this.text[this.pos + 1] === "{")) {
      const expression = this.expression();
      if (this.text[this.pos] !== quote) throw new XmlError(this.pos, `expected ${quote} to end the value of '${attribute}' after its policy expression`);
      this.pos++;
      return expression;
    }
    let value = "";
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) throw new XmlError(start, `the value of '${attribute}' is not closed`);
      if (c === quote) {
        this.pos++;
        return value;
      }
      if (c === "<") throw new XmlError(this.pos, `'<' is not allowed in the value of '${attribute}' (write &lt;)`);
      if (c === "&") value += this.reference();
      else {
        // XML attribute-value normalisation: each whitespace character becomes a space.
        value += c === "\t" || c === "\n" || c === "\r" ? " " : c;
        this.pos++;
      }
    }
  }

  /** `&lt;`, `&#10;`, `&#x1F;`: predefined entities and character references only. */
  private reference(): string {
    const start = this.pos;
    const match = /^&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_:][A-Za-z0-9_:.-]*);/.exec(this.text.slice(start, start + 40));
    if (!match) throw new XmlError(start, "'&' must start an entity reference such as &amp; (write &amp; for a literal '&')");
    const body = match[1]!;
    if (body.startsWith("#")) {
      const code = body[1] === "x" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      const valid = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!valid) throw new XmlError(start, `&${body}; is not a valid XML character`);
    } else if (!PREDEFINED_ENTITIES.has(body)) {
      throw new XmlError(start, `unknown entity &${body}; (only &lt; &gt; &amp; &quot; &apos; and character references are defined)`);
    }
    this.pos += match[0].length;
    return decodeReference(body);
  }

  /** A policy expression from its '@': `@(…)` or `@{…}`, balanced, with C# string and char literals skipped. */
  private expression(): string {
    const start = this.pos;
    const open = this.text[this.pos + 1]!;
    const close = open === "(" ? ")" : "}";
    let depth = 0;
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '"' || c === "'") {
        this.csharpLiteral(c, this.text[this.pos - 1] === "@");
        continue;
      }
      this.pos++;
      if (c === open) depth++;
      else if (c === close && --depth === 0) return decodeExpression(this.text.slice(start, this.pos));
    }
    throw new XmlError(start, `the policy expression is not closed: expected '${close}'`);
  }

  private csharpLiteral(quote: string, verbatim: boolean): void {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (!verbatim && c === "\\") {
        this.pos += 2;
        continue;
      }
      this.pos++;
      if (c === quote) {
        if (verbatim && this.text[this.pos] === quote) this.pos++;
        else return;
      }
    }
    throw new XmlError(start, `the string in the policy expression is not closed: expected ${quote}`);
  }

  private comment(): void {
    const start = this.pos;
    const end = this.text.indexOf("--", this.pos + 4);
    if (end < 0) throw new XmlError(start, "the comment is not closed: expected '-->'");
    if (this.text[end + 2] !== ">") throw new XmlError(end, "'--' is not allowed inside a comment");
    this.pos = end + 3;
  }

  private cdata(): string {
    const end = this.text.indexOf("]]>", this.pos + 9);
    if (end < 0) throw new XmlError(this.pos, "the CDATA section is not closed: expected ']]>'");
    const value = this.text.slice(this.pos + 9, end);
    this.pos = end + 3;
    return value;
  }

  private processingInstruction(): void {
    const start = this.pos;
    this.pos += 2;
    const target = this.name("a processing instruction target after '<?'");
    if (target.toLowerCase() === "xml" && start !== 0 && !(start === 1 && this.text[0] === "\uFEFF")) {
      throw new XmlError(start, "the XML declaration is allowed only at the very start of the document");
    }
    const end = this.text.indexOf("?>", this.pos);
    if (end < 0) throw new XmlError(start, "the processing instruction is not closed: expected '?>'");
    this.pos = end + 2;
  }

  private name(expected: string): string {
    const start = this.pos;
    if (!NAME_START.test(this.text[this.pos] ?? "")) throw new XmlError(this.pos, `expected ${expected}`);
    this.pos++;
    while (NAME_CHAR.test(this.text[this.pos] ?? "")) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private expect(literal: string, what: string): void {
    if (!this.text.startsWith(literal, this.pos)) throw new XmlError(this.pos, `expected ${what}`);
    this.pos += literal.length;
  }

  /** Skips XML whitespace; true when there was some. */
  private skipWhitespace(): boolean {
    const start = this.pos;
    while (/[ \t\r\n]/.test(this.text[this.pos] ?? "")) this.pos++;
    return this.pos > start;
  }
}
