/**
 * A strict, small XML well-formedness check for policy documents, until the policy engine
 * parses them for real: one root element, `<policies>`; matched, properly nested tags;
 * quoted, unique attributes; defined entity references only; comments, CDATA and processing
 * instructions; no DOCTYPE (no entity expansion, ever). APIM policy expressions, `@(…)` and
 * `@{…}`, are read as C# (strings, generics) wherever they start, in attribute values and in
 * text, because APIM documents write `GetValueOrDefault<string>("x")` unescaped.
 * Returns the first problem with its 1-based line and column, or null.
 */

export interface XmlProblem {
  line: number;
  column: number;
  message: string;
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;
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

/** Checks `text`; null when it is a well-formed XML document whose root element is `<policies>`. */
export function checkPolicyXml(text: string): XmlProblem | null {
  try {
    new PolicyXmlScanner(text).document();
    return null;
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    return { ...lineAndColumn(text, error.at), message: error.message };
  }
}

function lineAndColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at && i < text.length; i++) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: at - lineStart + 1 };
}

class PolicyXmlScanner {
  private pos = 0;

  constructor(private readonly text: string) {
    const bad = FORBIDDEN_CHAR.exec(text);
    if (bad) throw new XmlError(bad.index, `character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} is not allowed in XML`);
  }

  document(): void {
    if (this.text.startsWith("\uFEFF")) this.pos = 1;
    if (this.text.startsWith("<?xml", this.pos) && /[\s?]/.test(this.text[this.pos + 5] ?? "")) this.processingInstruction();
    this.misc();
    if (this.pos >= this.text.length) throw new XmlError(this.pos, "the document is empty: expected a <policies> element");
    if (this.text.startsWith("<!DOCTYPE", this.pos)) throw new XmlError(this.pos, "DOCTYPE declarations are not allowed");
    if (this.text[this.pos] !== "<") throw new XmlError(this.pos, "expected the <policies> element, found text");
    const rootAt = this.pos;
    const root = this.element();
    if (root !== "policies") throw new XmlError(rootAt + 1, `the root element must be <policies>, not <${root}>`);
    this.misc();
    if (this.pos < this.text.length) {
      throw new XmlError(this.pos, this.text[this.pos] === "<" ? "only one root element is allowed" : "text is not allowed after the root element");
    }
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

  /** An element from its `<`; returns its name. */
  private element(): string {
    const start = this.pos;
    this.pos++;
    const name = this.name("an element name after '<'");
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
        return name;
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
      this.attributeValue(attribute);
    }
    this.content(name, start);
    return name;
  }

  /** Children and text up to and including `</name>`. */
  private content(name: string, start: number): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) throw new XmlError(start, `<${name}> is not closed: expected </${name}>`);
      if (c === "<") {
        if (this.text.startsWith("</", this.pos)) {
          const endAt = this.pos;
          this.pos += 2;
          const closing = this.name(`the element name after '</'`);
          if (closing !== name) throw new XmlError(endAt, `expected </${name}>, found </${closing}>`);
          this.skipWhitespace();
          this.expect(">", `'>' to end </${name}`);
          return;
        }
        if (this.text.startsWith("<!--", this.pos)) this.comment();
        else if (this.text.startsWith("<![CDATA[", this.pos)) this.cdata();
        else if (this.text.startsWith("<?", this.pos)) this.processingInstruction();
        else if (this.text.startsWith("<!", this.pos)) throw new XmlError(this.pos, "declarations are not allowed inside elements");
        else this.element();
      } else if (c === "&") {
        this.reference();
      } else if (c === "@" && (this.text[this.pos + 1] === "(" || this.text[this.pos + 1] === "{")) {
        this.expression();
      } else if (c === "]" && this.text.startsWith("]]>", this.pos)) {
        throw new XmlError(this.pos, "']]>' is not allowed in text");
      } else {
        this.pos++;
      }
    }
  }

  private attributeValue(attribute: string): void {
    const quote = this.text[this.pos];
    if (quote !== '"' && quote !== "'") throw new XmlError(this.pos, `the value of '${attribute}' must be quoted`);
    const start = this.pos;
    this.pos++;
    if (this.text[this.pos] === "@" && (this.text[this.pos + 1] === "(" || this.text[this.pos + 1] === "{")) {
      this.expression();
      if (this.text[this.pos] !== quote) throw new XmlError(this.pos, `expected ${quote} to end the value of '${attribute}' after its policy expression`);
      this.pos++;
      return;
    }
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) throw new XmlError(start, `the value of '${attribute}' is not closed`);
      if (c === quote) {
        this.pos++;
        return;
      }
      if (c === "<") throw new XmlError(this.pos, `'<' is not allowed in the value of '${attribute}' (write &lt;)`);
      if (c === "&") this.reference();
      else this.pos++;
    }
  }

  /** `&lt;`, `&#10;`, `&#x1F;`: predefined entities and character references only. */
  private reference(): void {
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
  }

  /** A policy expression from its '@': `@(…)` or `@{…}`, balanced, with C# string and char literals skipped. */
  private expression(): void {
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
      else if (c === close && --depth === 0) return;
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

  private cdata(): void {
    const end = this.text.indexOf("]]>", this.pos + 9);
    if (end < 0) throw new XmlError(this.pos, "the CDATA section is not closed: expected ']]>'");
    this.pos = end + 3;
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
