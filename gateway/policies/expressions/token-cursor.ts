import { ExpressionError, type Token } from "./tokenize";
import { ASSIGNMENTS, end, type Form, isPunctuator, MAX_DEPTH, show, type Span, SUPPORTED_OPERATORS, UNSUPPORTED_OPERATORS } from "./parse-support";

/** The parser's position in its tokens, and the reading and failing every grammar rule shares. */
export abstract class TokenCursor {
  private at = 0;
  private depth = 0;

  constructor(
    protected readonly tokens: Token[],
    protected readonly form: Form,
  ) {}

  /** The token `n` past the current one (undefined past the end). */
  protected lookahead(n: number): Token | undefined {
    return this.tokens[this.at + n];
  }

  protected peek(): Token {
    return this.tokens[this.at] as Token;
  }

  protected next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.at++;
    return token;
  }

  protected accept(text: string): Token | null {
    return isPunctuator(this.peek(), text) ? this.next() : null;
  }

  protected fail(span: Span, message: string): never {
    throw new ExpressionError(span.offset, span.length, message);
  }

  /** Refuses `token` where `expected` should be, explaining the constructs the subset leaves out. */
  protected unexpected(token: Token, expected: string): never {
    if (token.kind === "punctuator") {
      const text = token.text;
      if (text === ";" && this.form === "@(") this.fail(token, "';' is not allowed in @(…): for a statement use @{ return …; }");
      if (ASSIGNMENTS.has(text)) this.fail(token, `assignment is not supported${text === "=" ? " (did you mean '=='?)" : ""}`);
      if (text === "=>") this.fail(token, "lambdas are not supported");
      if (UNSUPPORTED_OPERATORS.has(text)) this.fail(token, `operator '${text}' is not supported (supported: ${SUPPORTED_OPERATORS})`);
      if (text === "[") this.fail(token, "indexing with '[…]' is not supported");
    }
    this.fail(token, `unexpected ${show(token)} (expected ${expected})`);
  }

  protected expect(text: string): Token {
    return this.accept(text) ?? this.unexpected(this.peek(), `'${text}'`);
  }

  /** Consumes the `closer` of `opener`, or says the opener is never closed. */
  protected close(opener: Span, openText: string, closer: string): Token {
    const token = this.peek();
    if (token.kind === "end") this.fail(opener, `'${openText}' is never closed: expected '${closer}'`);
    return this.expect(closer);
  }

  protected expectEnd(): void {
    const token = this.peek();
    if (token.kind !== "end") this.fail(token, `unexpected ${show(token)} after the end of the expression`);
  }

  /** Parses something nested inside `at`, refusing nesting deeper than MAX_DEPTH. */
  protected nested<T>(at: Span, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail(at, `expression nests too deeply (more than ${MAX_DEPTH} levels)`);
    const result = parse();
    this.depth--;
    return result;
  }

  protected previousEnd(): number {
    return end(this.tokens[this.at - 1] as Token);
  }
}
