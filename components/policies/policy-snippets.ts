/**
 * The "Add policy" palette's XML: one pure function per policy turning a form's values into
 * APIM policy XML (attribute names exactly as API Management writes them), and the function
 * that puts a snippet into a document's `<inbound>` section, indented like its neighbours.
 * No React here, so the unit tests pin the exact text.
 */

const INDENT = "  ";

/** Escapes text content: `&`, `<`, `>`. */
export function escapeXmlText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes an attribute value for double quotes: `&`, `<`, `>`, `"`. */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value).replace(/"/g, "&quot;");
}

/** True for a whole policy expression, `@(…)` or `@{…}` whose bracket closes at its end (C# strings skipped). */
export function isPolicyExpression(value: string): boolean {
  const v = value.trim();
  if (!v.startsWith("@(") && !v.startsWith("@{")) return false;
  const open = v[1]!;
  const close = open === "(" ? ")" : "}";
  let depth = 0;
  for (let i = 1; i < v.length; i++) {
    const c = v[i]!;
    if (c === '"' || c === "'") {
      const end = v.indexOf(c, i + 1);
      if (end < 0) return false;
      i = end;
    } else if (c === open) depth++;
    else if (c === close && --depth === 0) return i === v.length - 1;
  }
  return false;
}

/**
 * An attribute value as written in the document: an expression is kept as typed (the policy
 * parser reads `@(…)` as C#, quotes included, and does not decode entities inside it); any
 * other value is escaped.
 */
function attributeValue(value: string): string {
  return isPolicyExpression(value) ? value.trim() : escapeXmlAttribute(value);
}

type Attribute = [name: string, value: string | number | boolean | undefined | null];

function attributes(list: Attribute[]): string {
  return list
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .map(([name, value]) => ` ${name}="${attributeValue(String(value))}"`)
    .join("");
}

/** `<name attrs />`, or `<name attrs>` + indented children + `</name>`. */
function element(name: string, attrs: Attribute[], children: string[] = []): string {
  const open = `<${name}${attributes(attrs)}`;
  if (children.length === 0) return `${open} />`;
  return [`${open}>`, ...children.flatMap((child) => child.split("\n").map((line) => INDENT + line)), `</${name}>`].join("\n");
}

function textElement(name: string, text: string): string {
  return `<${name}>${escapeXmlText(text.trim())}</${name}>`;
}

/** The non-empty, trimmed lines of a multi-line field. */
export function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// validate-jwt

export interface RequiredClaim {
  name: string;
  values: string[];
  match: "all" | "any";
}

export interface ValidateJwtInput {
  /** Where the token is read: a request header (with an optional scheme) or a query parameter. */
  source: "header" | "query";
  headerName: string;
  /** `require-scheme`, e.g. "Bearer"; only with a header; empty: not required. */
  scheme: string;
  queryParameterName: string;
  failedValidationHttpCode: number;
  failedValidationErrorMessage: string;
  /** Keys from the document (a base64 HMAC secret) or from an OpenID provider's metadata. */
  keySource: "signing-key" | "openid-config";
  signingKey: string;
  openIdConfigUrl: string;
  audiences: string[];
  issuers: string[];
  requiredClaims: RequiredClaim[];
}

export const VALIDATE_JWT_DEFAULTS: ValidateJwtInput = {
  source: "header",
  headerName: "Authorization",
  scheme: "Bearer",
  queryParameterName: "token",
  failedValidationHttpCode: 401,
  failedValidationErrorMessage: "Unauthorized. Access token is missing or invalid.",
  keySource: "signing-key",
  signingKey: "",
  openIdConfigUrl: "",
  audiences: [],
  issuers: [],
  requiredClaims: [],
};

/** `<validate-jwt>` reading the token from a header or a query parameter. */
export function validateJwtXml(input: ValidateJwtInput): string {
  const header = input.source === "header";
  const children: string[] = [];
  if (input.keySource === "openid-config") children.push(element("openid-config", [["url", input.openIdConfigUrl.trim()]]));
  else children.push(element("issuer-signing-keys", [], [textElement("key", input.signingKey)]));
  const audiences = input.audiences.map((a) => a.trim()).filter(Boolean);
  if (audiences.length > 0) children.push(element("audiences", [], audiences.map((a) => textElement("audience", a))));
  const issuers = input.issuers.map((i) => i.trim()).filter(Boolean);
  if (issuers.length > 0) children.push(element("issuers", [], issuers.map((i) => textElement("issuer", i))));
  const claims = input.requiredClaims.filter((c) => c.name.trim() !== "");
  if (claims.length > 0) {
    children.push(
      element(
        "required-claims",
        [],
        claims.map((claim) =>
          element(
            "claim",
            [
              ["name", claim.name.trim()],
              ["match", claim.match],
            ],
            claim.values.map((v) => v.trim()).filter(Boolean).map((v) => textElement("value", v)),
          ),
        ),
      ),
    );
  }
  return element(
    "validate-jwt",
    [
      header ? ["header-name", input.headerName.trim()] : ["query-parameter-name", input.queryParameterName.trim()],
      ["failed-validation-httpcode", input.failedValidationHttpCode],
      ["failed-validation-error-message", input.failedValidationErrorMessage],
      ["require-scheme", header ? input.scheme.trim() : undefined],
    ],
    children,
  );
}

// ---------------------------------------------------------------------------------------------
// ip-filter

export interface IpFilterInput {
  action: "allow" | "forbid";
  /** One address (`10.0.0.1`) or range (`10.0.0.1-10.0.0.255`) per entry. */
  entries: string[];
}

export const IP_FILTER_DEFAULTS: IpFilterInput = { action: "allow", entries: [] };

/** An entry of the ip-filter form as an address or a range; a range is two addresses joined by '-'. */
export function parseIpFilterEntry(entry: string): { address: string } | { from: string; to: string } {
  const range = /^(\S+)\s*-\s*(\S+)$/.exec(entry.trim());
  return range ? { from: range[1]!, to: range[2]! } : { address: entry.trim() };
}

/** `<ip-filter>` with one `<address>` or `<address-range>` per entry. */
export function ipFilterXml(input: IpFilterInput): string {
  const children = input.entries
    .filter((e) => e.trim() !== "")
    .map((entry) => {
      const parsed = parseIpFilterEntry(entry);
      return "address" in parsed
        ? textElement("address", parsed.address)
        : element("address-range", [
            ["from", parsed.from],
            ["to", parsed.to],
          ]);
    });
  return element("ip-filter", [["action", input.action]], children);
}

// ---------------------------------------------------------------------------------------------
// rate-limit-by-key

export interface RateLimitByKeyInput {
  calls: number;
  renewalPeriod: number;
  counterKey: string;
}

/** Counter keys the form offers; any other expression may be typed. */
export const COUNTER_KEY_PRESETS = [
  { label: "Client IP address", value: "@(context.Request.IpAddress)" },
  { label: "Subscription", value: "@(context.Subscription.Id)" },
  { label: "User", value: "@(context.User.Id)" },
  { label: "API", value: "@(context.Api.Id)" },
] as const;

export const RATE_LIMIT_BY_KEY_DEFAULTS: RateLimitByKeyInput = { calls: 10, renewalPeriod: 60, counterKey: COUNTER_KEY_PRESETS[0].value };

/** `<rate-limit-by-key />`: at most `calls` handshakes per `renewalPeriod` seconds per key. */
export function rateLimitByKeyXml(input: RateLimitByKeyInput): string {
  return element("rate-limit-by-key", [
    ["calls", input.calls],
    ["renewal-period", input.renewalPeriod],
    ["counter-key", input.counterKey],
  ]);
}

// ---------------------------------------------------------------------------------------------
// check-header

export interface CheckHeaderInput {
  name: string;
  failedCheckHttpCode: number;
  failedCheckErrorMessage: string;
  ignoreCase: boolean;
  values: string[];
}

export const CHECK_HEADER_DEFAULTS: CheckHeaderInput = {
  name: "",
  failedCheckHttpCode: 401,
  failedCheckErrorMessage: "",
  ignoreCase: true,
  values: [],
};

/** `<check-header>`: the header must be present and, with values, hold one of them. */
export function checkHeaderXml(input: CheckHeaderInput): string {
  return element(
    "check-header",
    [
      ["name", input.name.trim()],
      ["failed-check-httpcode", input.failedCheckHttpCode],
      ["failed-check-error-message", input.failedCheckErrorMessage],
      ["ignore-case", input.ignoreCase],
    ],
    input.values.map((v) => v.trim()).filter(Boolean).map((v) => textElement("value", v)),
  );
}

// ---------------------------------------------------------------------------------------------
// Message-level policies (Portcullis, beyond APIM)

export type MessageDirection = "both" | "inbound" | "outbound";

export interface LimitMessageSizeInput {
  maxBytes: number;
  direction: MessageDirection;
}
export const LIMIT_MESSAGE_SIZE_DEFAULTS: LimitMessageSizeInput = { maxBytes: 65536, direction: "both" };

/** `<limit-message-size />`: a larger message closes the connection with 1009. */
export function limitMessageSizeXml(input: LimitMessageSizeInput): string {
  return element("limit-message-size", [
    ["max-bytes", input.maxBytes],
    ["direction", input.direction],
  ]);
}

export interface RateLimitMessagesInput {
  calls: number;
  renewalPeriod: number;
  direction: MessageDirection;
}
export const RATE_LIMIT_MESSAGES_DEFAULTS: RateLimitMessagesInput = { calls: 100, renewalPeriod: 1, direction: "inbound" };

/** `<rate-limit-messages />`: more messages than `calls` per period close the connection with 1008. */
export function rateLimitMessagesXml(input: RateLimitMessagesInput): string {
  return element("rate-limit-messages", [
    ["calls", input.calls],
    ["renewal-period", input.renewalPeriod],
    ["direction", input.direction],
  ]);
}

export interface SecondsInput {
  seconds: number;
}
export const IDLE_TIMEOUT_DEFAULTS: SecondsInput = { seconds: 300 };
export const MAX_CONNECTION_DURATION_DEFAULTS: SecondsInput = { seconds: 7200 };

/** `<idle-timeout />`: no data either way for this long closes the connection with 1001. */
export function idleTimeoutXml(input: SecondsInput): string {
  return element("idle-timeout", [["seconds", input.seconds]]);
}

/** `<max-connection-duration />`: connections older than this are closed with 1001. */
export function maxConnectionDurationXml(input: SecondsInput): string {
  return element("max-connection-duration", [["seconds", input.seconds]]);
}

// ---------------------------------------------------------------------------------------------
// Putting a snippet into <inbound>

/** A change to apply to the editor (one replacement) and where the caret goes after it. */
export interface SnippetInsertion {
  from: number;
  to: number;
  insert: string;
  /** Offsets of the snippet itself in the new document (to select or scroll to it). */
  snippetFrom: number;
  snippetTo: number;
}

interface ScannedElement {
  name: string;
  start: number;
  /** Just past the start tag's '>' (equal to `end` when self-closing). */
  contentStart: number;
  /** Offset of the end tag's '<' (equal to `end` when self-closing). */
  contentEnd: number;
  end: number;
  selfClosing: boolean;
  children: ScannedElement[];
}

/**
 * Where `snippet` (unindented XML) goes: at `cursor` when the cursor is inside `<inbound>`
 * (after the policy the cursor is in, so it never lands inside another element), else just
 * before `</inbound>`; `<inbound>` is created when missing. Lines are indented one level
 * deeper than `<inbound>`. Null when the document has no `<policies>` element to put it in.
 */
export function insertIntoInbound(doc: string, cursor: number, snippet: string): SnippetInsertion | null {
  const root = scanElements(doc).find((e) => e.name === "policies");
  if (!root) {
    if (doc.trim() !== "") return null;
    const body = indent(snippet, INDENT.repeat(2));
    return located(0, doc.length, `<policies>\n${INDENT}<inbound>\n${body}\n${INDENT}</inbound>\n</policies>\n`, body);
  }
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

/**
 * A forgiving element scan (the document may be half-typed): comments, CDATA and processing
 * instructions are skipped, quoted attribute values and `@(…)` expressions are read whole,
 * an unmatched end tag closes back to its start tag, unclosed elements end with the text.
 */
export function scanElements(doc: string): ScannedElement[] {
  const top: ScannedElement[] = [];
  const stack: ScannedElement[] = [];
  const childrenOf = () => (stack.length ? stack[stack.length - 1]!.children : top);
  let i = 0;
  while (i < doc.length) {
    const lt = doc.indexOf("<", i);
    if (lt < 0) break;
    if (doc.startsWith("<!--", lt)) {
      const end = doc.indexOf("-->", lt + 4);
      i = end < 0 ? doc.length : end + 3;
      continue;
    }
    if (doc.startsWith("<![CDATA[", lt)) {
      const end = doc.indexOf("]]>", lt + 9);
      i = end < 0 ? doc.length : end + 3;
      continue;
    }
    if (doc.startsWith("<?", lt) || doc.startsWith("<!", lt)) {
      const end = doc.indexOf(">", lt + 2);
      i = end < 0 ? doc.length : end + 1;
      continue;
    }
    const closing = doc[lt + 1] === "/";
    const nameMatch = /^[A-Za-z_:][\w:.-]*/.exec(doc.slice(lt + (closing ? 2 : 1), lt + 200));
    if (!nameMatch) {
      i = lt + 1;
      continue;
    }
    const name = nameMatch[0];
    const tagEnd = endOfTag(doc, lt + (closing ? 2 : 1) + name.length);
    if (closing) {
      const open = stack.map((e) => e.name).lastIndexOf(name);
      if (open >= 0) {
        while (stack.length > open + 1) closeUnterminated(stack.pop()!, lt);
        const element = stack.pop()!;
        element.contentEnd = lt;
        element.end = tagEnd;
      }
      i = tagEnd;
      continue;
    }
    const selfClosing = doc[tagEnd - 2] === "/";
    const element: ScannedElement = { name, start: lt, contentStart: tagEnd, contentEnd: tagEnd, end: tagEnd, selfClosing, children: [] };
    childrenOf().push(element);
    if (!selfClosing) stack.push(element);
    i = tagEnd;
  }
  while (stack.length) closeUnterminated(stack.pop()!, doc.length);
  return top;
}

function closeUnterminated(element: ScannedElement, at: number): void {
  element.contentEnd = at;
  element.end = at;
}

/** Just past the '>' ending a tag whose name ends at `from` (quoted values and expressions skipped). */
function endOfTag(doc: string, from: number): number {
  let i = from;
  while (i < doc.length) {
    const c = doc[i]!;
    if (c === ">") return i + 1;
    if (c === "<") return i; // a half-typed tag: stop before the next one
    if (c === '"' || c === "'") {
      i = endOfQuoted(doc, i);
      continue;
    }
    i++;
  }
  return doc.length;
}

function endOfQuoted(doc: string, quoteAt: number): number {
  const quote = doc[quoteAt]!;
  let i = quoteAt + 1;
  if (doc[i] === "@" && (doc[i + 1] === "(" || doc[i + 1] === "{")) {
    const open = doc[i + 1]!;
    const close = open === "(" ? ")" : "}";
    let depth = 0;
    i++;
    while (i < doc.length) {
      const c = doc[i]!;
      if (c === '"' || c === "'") {
        const end = doc.indexOf(c, i + 1);
        if (end < 0) return doc.length;
        i = end + 1;
        continue;
      }
      i++;
      if (c === open) depth++;
      else if (c === close && --depth === 0) break;
    }
  }
  const end = doc.indexOf(quote, i);
  return end < 0 ? doc.length : end + 1;
}
