/**
 * Splits the inside of a policy expression into tokens. Offsets are relative to the start of
 * the whole source ("@(" included) so every error can point at the text as the user wrote it.
 * Free of Node built-ins: the portal's editor runs the same code in the browser.
 */
import { MAX_INT } from "./members";

/** A problem found while reading an expression, located in the source. */
export class ExpressionError extends Error {
  constructor(
    readonly offset: number,
    readonly length: number,
    message: string,
  ) {
    super(message);
  }
}

export type TokenKind = "identifier" | "string" | "integer" | "punctuator" | "end";

/** One token; `text` is the punctuator or identifier as written, `value` a literal's value. */
export interface Token {
  kind: TokenKind;
  text: string;
  value: string | number | null;
  offset: number;
  length: number;
}

/** Punctuators; some exist only to be refused with a clear message ("=", "=>", "-", …). */
const PUNCTUATORS_2 = new Set(["&&", "||", "??", "?.", "==", "!=", "<=", ">=", "=>", "++", "--", "+=", "-="]);
const PUNCTUATORS_1 = new Set(["(", ")", "{", "}", "[", "]", ".", ",", ";", ":", "?", "!", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "~", "="]);

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "'": "'", "\\": "\\", n: "\n", t: "\t", r: "\r", "0": "\0" };

// Character classes by code, not regular expressions: a long expression is read character by character.
const code = (c: string | undefined) => (c === undefined ? -1 : c.charCodeAt(0));
const isDigit = (c: string | undefined) => code(c) >= 48 && code(c) <= 57;
const isLetter = (c: string | undefined) => {
  const n = code(c) | 0x20;
  return n >= 97 && n <= 122;
};
const isIdentifierStart = (c: string | undefined) => c === "_" || isLetter(c);
const isIdentifierPart = (c: string | undefined) => isIdentifierStart(c) || isDigit(c);
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n";

/** Reads `source` from `start` to `end` into tokens, ending with an "end" token at `end`. */
export function tokenize(source: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let at = start;
  while (true) {
    while (at < end && isSpace(source[at])) at++;
    if (at >= end) break;
    const token = readToken(source, at, end);
    tokens.push(token);
    at = token.offset + token.length;
  }
  tokens.push({ kind: "end", text: "", value: null, offset: end, length: 0 });
  return tokens;
}

function readToken(source: string, at: number, end: number): Token {
  const c = source[at];
  if (c === '"') return readString(source, at, end);
  if (c === "@" && source[at + 1] === '"') return readVerbatimString(source, at, end);
  if (c === "$" && (source[at + 1] === '"' || source[at + 1] === "@")) {
    throw new ExpressionError(at, 2, "interpolated strings ($\"…\") are not supported; join strings with '+'");
  }
  if (c === "'") throw new ExpressionError(at, 1, "character literals are not supported; use a \"string\"");
  if (isDigit(c)) return readInteger(source, at, end);
  if (isIdentifierStart(c)) return readIdentifier(source, at, end);
  const two = at + 2 <= end ? source.slice(at, at + 2) : "";
  const punctuator = PUNCTUATORS_2.has(two) ? two : PUNCTUATORS_1.has(c as string) ? (c as string) : null;
  if (punctuator) return { kind: "punctuator", text: punctuator, value: null, offset: at, length: punctuator.length };
  const char = String.fromCodePoint(source.codePointAt(at) ?? 0);
  throw new ExpressionError(at, char.length, `unexpected character '${char}'`);
}

function readIdentifier(source: string, at: number, end: number): Token {
  let to = at + 1;
  while (to < end && isIdentifierPart(source[to])) to++;
  const text = source.slice(at, to);
  return { kind: "identifier", text, value: null, offset: at, length: to - at };
}

/** Integers only: a real ("1.5"), a suffix ("10L") or hex ("0x1F") is refused as one span. */
function readInteger(source: string, at: number, end: number): Token {
  let to = at;
  while (to < end && isDigit(source[to])) to++;
  // "1.ToString()" is member access on an integer; "1.5" is a real number.
  const real = source[to] === "." && isDigit(source[to + 1]);
  if (real || isIdentifierPart(source[to])) {
    let stop = real ? to + 1 : to;
    while (stop < end && isIdentifierPart(source[stop])) stop++;
    throw new ExpressionError(at, stop - at, "only integer literals are supported");
  }
  const text = source.slice(at, to);
  const value = Number(text);
  if (value > MAX_INT) throw new ExpressionError(at, to - at, `integer literal is larger than ${MAX_INT}`);
  return { kind: "integer", text, value, offset: at, length: to - at };
}

/** A regular C# string: escapes decoded, no raw newline (C# reports "newline in constant"). */
function readString(source: string, at: number, end: number): Token {
  let value = "";
  let to = at + 1;
  while (true) {
    const c = source[to];
    if (to >= end || c === "\n" || c === "\r") throw new ExpressionError(at, to - at, "unterminated string literal");
    if (c === '"') break;
    if (c === "\\") {
      const [decoded, width] = readEscape(source, to, end);
      value += decoded;
      to += width;
      continue;
    }
    value += c;
    to++;
  }
  return { kind: "string", text: source.slice(at, to + 1), value, offset: at, length: to + 1 - at };
}

/** Decodes the escape at `at` (a backslash); returns the text and how many characters it took. */
function readEscape(source: string, at: number, end: number): [string, number] {
  const next = source[at + 1];
  if (next !== undefined && at + 1 < end && Object.hasOwn(SIMPLE_ESCAPES, next)) return [SIMPLE_ESCAPES[next] as string, 2];
  if (next === "u") {
    const hex = source.slice(at + 2, Math.min(at + 6, end));
    if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
      const width = 2 + (/^[0-9A-Fa-f]*/.exec(hex)?.[0].length ?? 0);
      throw new ExpressionError(at, width, "\\u must be followed by 4 hexadecimal digits");
    }
    return [String.fromCharCode(parseInt(hex, 16)), 6];
  }
  const shown = next === undefined || at + 1 >= end ? "\\" : `\\${next}`;
  throw new ExpressionError(at, shown.length, `unsupported escape sequence '${shown}' (supported: \\" \\\\ \\n \\t \\r \\0 \\' \\uXXXX)`);
}

/** A verbatim C# string @"…": no escapes but "" for a quote; newlines allowed. */
function readVerbatimString(source: string, at: number, end: number): Token {
  let value = "";
  let to = at + 2;
  while (true) {
    if (to >= end) throw new ExpressionError(at, to - at, "unterminated string literal");
    const c = source[to] as string;
    if (c === '"') {
      if (source[to + 1] !== '"' || to + 1 >= end) break;
      value += '"';
      to += 2;
      continue;
    }
    value += c;
    to++;
  }
  return { kind: "string", text: source.slice(at, to + 1), value, offset: at, length: to + 1 - at };
}
