/**
 * A recursive-descent parser that compiles as it parses: every construct becomes a closure
 * (`(ctx) => value`) and is type-checked with C#'s static types, so a handshake only runs the
 * closures. Operator chains (`a + b + c`, `x && y && z`, `a ?? b ?? c`) become one loop, not a
 * left-deep tree, so a long chain cannot overflow the stack when it is evaluated; every other
 * kind of nesting counts against MAX_DEPTH while parsing.
 */
import {
  CONTEXT,
  type ContextLookup,
  type ContextObject,
  defaultOf,
  describeValueMembers,
  type Evaluate,
  hasType,
  toCSharpString,
  TYPE_ARGUMENTS,
  type Value,
  VALUE_MEMBERS,
  type ValueMember,
  type ValueType,
} from "./members";
import { ExpressionError, type Token } from "./tokenize";

/** Nesting (parentheses, `!`, `?:` branches, call arguments) deeper than this is refused. */
export const MAX_DEPTH = 64;

export const SINGLE_RETURN = "only a single return statement is supported in @{…} blocks";

const SUPPORTED_OPERATORS = "+ == != < <= > >= && || ! ?: ??";
const UNSUPPORTED_OPERATORS = new Set(["-", "*", "/", "%", "&", "|", "^", "~"]);
const ASSIGNMENTS = new Set(["=", "+=", "-=", "++", "--"]);
const TYPE_KEYWORDS = new Set(["string", "int", "bool", "object", "long", "double", "float", "decimal", "char", "var", "dynamic"]);
const EQUALITY = new Set(["==", "!="]);
const RELATIONAL = new Set(["<", "<=", ">", ">="]);
const ADDITIVE = new Set(["+"]);
const LITERALS = new Map<string, [ValueType, Value]>([
  ["true", ["bool", true]],
  ["false", ["bool", false]],
  ["null", ["null", null]],
]);

/** A compiled piece of an expression: its C# type, its closure and where it is written. */
interface Node {
  type: ValueType;
  evaluate: Evaluate;
  offset: number;
  length: number;
}

/** Anything with a place in the source. */
interface Span {
  offset: number;
  length: number;
}

/** One link of an operator chain: combines the value so far with the next operand. */
interface Step {
  operand: Evaluate;
  combine(left: Value, right: Value): Value;
}

type Form = "@(" | "@{";

const constant = (value: Value): Evaluate => () => value;
const end = (span: Span) => span.offset + span.length;
const between = (from: Span, to: Span): Span => ({ offset: from.offset, length: end(to) - from.offset });
const isPunctuator = (token: Token, text: string) => token.kind === "punctuator" && token.text === text;

function show(token: Token): string {
  if (token.kind === "end") return "end of expression";
  if (token.kind === "string") return "string literal";
  return `'${token.text}'`;
}

/** Runs the steps left to right in a loop (see the module comment for why not nested closures). */
function chain(first: Evaluate, steps: Step[]): Evaluate {
  if (steps.length === 1) {
    const [{ operand, combine }] = steps as [Step];
    return (ctx) => combine(first(ctx), operand(ctx));
  }
  return (ctx) => {
    let value = first(ctx);
    for (const step of steps) value = step.combine(value, step.operand(ctx));
    return value;
  };
}

/** `a + b` by the operands' types: C# concatenates when either is a string. */
function plus(left: ValueType, right: ValueType): { type: ValueType; combine: Step["combine"] } | null {
  if (left === "string" || right === "string") {
    return { type: "string", combine: (a, b) => toCSharpString(a) + toCSharpString(b) };
  }
  if ((left === "int" && right !== "bool") || (right === "int" && left !== "bool")) {
    // C# int arithmetic wraps (unchecked); `| 0` does the same. A null operand gives null, as int? does.
    return { type: "int", combine: (a, b) => (typeof a === "number" && typeof b === "number" ? (a + b) | 0 : null) };
  }
  return null;
}

function compare(operator: string): Step["combine"] {
  if (operator === "==") return (a, b) => a === b;
  if (operator === "!=") return (a, b) => a !== b;
  if (operator === "<") return (a, b) => typeof a === "number" && typeof b === "number" && a < b;
  if (operator === "<=") return (a, b) => typeof a === "number" && typeof b === "number" && a <= b;
  if (operator === ">") return (a, b) => typeof a === "number" && typeof b === "number" && a > b;
  return (a, b) => typeof a === "number" && typeof b === "number" && a >= b;
}

/** The type two alternatives (`?:` branches, `??` operands) share; null fits any type. */
function unify(left: ValueType, right: ValueType): ValueType | null {
  if (left === "null") return right;
  if (right === "null" || right === left) return left;
  return null;
}

/** Compiles a token stream (from tokenize) of one expression. */
export class Parser {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly form: Form,
  ) {}

  /** `@( expression )`: the tokens start after "@(". */
  parseParenthesized(): Evaluate {
    const node = this.expression();
    this.close({ offset: 0, length: 2 }, "@(", ")");
    this.expectEnd();
    return node.evaluate;
  }

  /** `@{ return expression; }`: the tokens start after "@{". */
  parseBlock(): Evaluate {
    const opener = { offset: 0, length: 2 };
    const first = this.peek();
    if (first.kind === "end") this.fail(opener, "'@{' is never closed: expected '}'");
    if (first.kind !== "identifier" || first.text !== "return") this.fail(first, SINGLE_RETURN);
    this.next();
    const node = this.expression();
    this.expect(";");
    const last = this.peek();
    if (last.kind === "end") this.fail(opener, "'@{' is never closed: expected '}'");
    if (!isPunctuator(last, "}")) this.fail(last, SINGLE_RETURN);
    this.next();
    this.expectEnd();
    return node.evaluate;
  }

  // ── tokens ──────────────────────────────────────────────────────────────

  private peek(): Token {
    return this.tokens[this.at] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.at++;
    return token;
  }

  private accept(text: string): Token | null {
    return isPunctuator(this.peek(), text) ? this.next() : null;
  }

  private fail(span: Span, message: string): never {
    throw new ExpressionError(span.offset, span.length, message);
  }

  /** Refuses `token` where `expected` should be, explaining the constructs the subset leaves out. */
  private unexpected(token: Token, expected: string): never {
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

  private expect(text: string): Token {
    return this.accept(text) ?? this.unexpected(this.peek(), `'${text}'`);
  }

  /** Consumes the `closer` of `opener`, or says the opener is never closed. */
  private close(opener: Span, openText: string, closer: string): Token {
    const token = this.peek();
    if (token.kind === "end") this.fail(opener, `'${openText}' is never closed: expected '${closer}'`);
    return this.expect(closer);
  }

  private expectEnd(): void {
    const token = this.peek();
    if (token.kind !== "end") this.fail(token, `unexpected ${show(token)} after the end of the expression`);
  }

  /** Parses something nested inside `at`, refusing nesting deeper than MAX_DEPTH. */
  private nested<T>(at: Span, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail(at, `expression nests too deeply (more than ${MAX_DEPTH} levels)`);
    const result = parse();
    this.depth--;
    return result;
  }

  // ── operators, lowest precedence first (C#: ?: < ?? < || < && < == < relational < + < !) ──

  private expression(): Node {
    const condition = this.coalesce();
    const question = this.accept("?");
    if (!question) return condition;
    if (condition.type !== "bool") this.fail(condition, `the condition of '?:' must be bool (got ${condition.type})`);
    const whenTrue = this.nested(question, () => this.expression());
    const colon = this.expect(":");
    const whenFalse = this.nested(colon, () => this.expression());
    const type = unify(whenTrue.type, whenFalse.type);
    if (type === null) this.fail(colon, `the branches of '?:' have different types (${whenTrue.type} and ${whenFalse.type})`);
    const test = condition.evaluate;
    const [yes, no] = [whenTrue.evaluate, whenFalse.evaluate];
    // In a boolean position null (e.g. StartsWith on a missing header) counts as false.
    return { type, evaluate: (ctx) => (test(ctx) === true ? yes(ctx) : no(ctx)), ...between(condition, whenFalse) };
  }

  /** `a ?? b ?? c`: the first operand that is not null. */
  private coalesce(): Node {
    const first = this.or();
    const operands = [first];
    let type = first.type;
    for (let operator = this.accept("??"); operator; operator = this.accept("??")) {
      const operand = this.or();
      const unified = unify(type, operand.type);
      if (unified === null) this.fail(operator, `operator '??' cannot be applied to ${type} and ${operand.type}`);
      type = unified;
      operands.push(operand);
    }
    if (operands.length === 1) return first;
    const evaluates = operands.map((operand) => operand.evaluate);
    const evaluate: Evaluate = (ctx) => {
      for (const operand of evaluates) {
        const value = operand(ctx);
        if (value !== null) return value;
      }
      return null;
    };
    return { type, evaluate, ...between(first, operands[operands.length - 1] as Node) };
  }

  private or(): Node {
    return this.logical("||", () => this.and());
  }

  private and(): Node {
    return this.logical("&&", () => this.equality());
  }

  /** `&&` / `||` over bool operands, short-circuiting; null counts as false. */
  private logical(operator: "&&" | "||", operand: () => Node): Node {
    const first = operand();
    const operands = [first];
    for (let token = this.accept(operator); token; token = this.accept(operator)) {
      const right = operand();
      const left = operands.length === 1 ? first.type : "bool";
      if (left !== "bool" || right.type !== "bool") this.fail(token, `operator '${operator}' needs bool operands (got ${left} and ${right.type})`);
      operands.push(right);
    }
    if (operands.length === 1) return first;
    const evaluates = operands.map((node) => node.evaluate);
    const stopAt = operator === "&&" ? false : true;
    const evaluate: Evaluate = (ctx) => {
      for (const each of evaluates) if ((each(ctx) === true) === stopAt) return stopAt;
      return !stopAt;
    };
    return { type: "bool", evaluate, ...between(first, operands[operands.length - 1] as Node) };
  }

  private equality(): Node {
    return this.binary(EQUALITY, () => this.relational(), (operator, left, right) => {
      if (unify(left, right) === null) this.fail(operator, `cannot compare ${left} and ${right} with '${operator.text}'`);
      return { type: "bool", combine: compare(operator.text) };
    });
  }

  private relational(): Node {
    return this.binary(RELATIONAL, () => this.additive(), (operator, left, right) => {
      if (left !== "int" || right !== "int") this.fail(operator, `operator '${operator.text}' needs int operands (got ${left} and ${right})`);
      return { type: "bool", combine: compare(operator.text) };
    });
  }

  private additive(): Node {
    return this.binary(ADDITIVE, () => this.unary(), (operator, left, right) => {
      return plus(left, right) ?? this.fail(operator, `operator '+' cannot be applied to ${left} and ${right}`);
    });
  }

  /** A left-associative chain of `operators`, type-checked link by link by `link`. */
  private binary(operators: ReadonlySet<string>, operand: () => Node, link: (operator: Token, left: ValueType, right: ValueType) => { type: ValueType; combine: Step["combine"] }): Node {
    const first = operand();
    let last = first;
    let type = first.type;
    const steps: Step[] = [];
    while (this.peek().kind === "punctuator" && operators.has(this.peek().text)) {
      const operator = this.next();
      last = operand();
      const linked = link(operator, type, last.type);
      steps.push({ operand: last.evaluate, combine: linked.combine });
      type = linked.type;
    }
    if (steps.length === 0) return first;
    return { type, evaluate: chain(first.evaluate, steps), ...between(first, last) };
  }

  private unary(): Node {
    const bang = this.peek();
    if (!isPunctuator(bang, "!")) return this.postfix();
    return this.nested(bang, () => {
      this.next();
      const operand = this.unary();
      if (operand.type !== "bool") this.fail(bang, `operator '!' needs a bool operand (got ${operand.type})`);
      const inner = operand.evaluate;
      return { type: "bool", evaluate: (ctx) => inner(ctx) !== true, ...between(bang, operand) };
    });
  }

  // ── values and their members ────────────────────────────────────────────

  private postfix(): Node {
    return this.valueMembers(this.primary());
  }

  private primary(): Node {
    const token = this.peek();
    if (token.kind === "string" || token.kind === "integer") {
      this.next();
      return { type: token.kind === "string" ? "string" : "int", evaluate: constant(token.value), offset: token.offset, length: token.length };
    }
    if (token.kind === "identifier") return this.identifier(token);
    if (isPunctuator(token, "(")) return this.parenthesized(token);
    return this.unexpected(token, "a value");
  }

  private identifier(token: Token): Node {
    const literal = LITERALS.get(token.text);
    if (literal) {
      this.next();
      return { type: literal[0], evaluate: constant(literal[1]), offset: token.offset, length: token.length };
    }
    if (token.text === "context") return this.contextPath(token);
    if (token.text === "new") this.fail(token, "'new' is not supported: expressions cannot create objects");
    return this.fail(token, `'${token.text}' is not supported: expressions start from context`);
  }

  private parenthesized(open: Token): Node {
    const [name, close] = [this.tokens[this.at + 1], this.tokens[this.at + 2]];
    if (name?.kind === "identifier" && TYPE_KEYWORDS.has(name.text) && close && isPunctuator(close, ")")) {
      this.fail(between(open, close), `casts like '(${name.text})' are not supported`);
    }
    return this.nested(open, () => {
      this.next();
      const inner = this.expression();
      const closer = this.close(open, "(", ")");
      return { ...inner, ...between(open, closer) };
    });
  }

  /** The name after a `.` or `?.`. */
  private memberName(dot: Token): Token {
    const name = this.peek();
    if (name.kind !== "identifier") this.fail(name, `expected a member name after '${dot.text}'`);
    return this.next();
  }

  /** `.` and `?.` mean the same: reading a member of null already gives null (see members.ts). */
  private acceptDot(): Token | null {
    return this.accept(".") ?? this.accept("?.");
  }

  /** `context.A.B…`, resolved now to one getter or lookup. */
  private contextPath(start: Token): Node {
    this.next();
    let current: ContextObject = CONTEXT;
    let last = start;
    while (true) {
      const dot = this.acceptDot();
      if (!dot) this.notAValue(current, start, last);
      const name = this.memberName(dot);
      const member = current.members.get(name.text);
      if (!member) this.fail(name, `unknown member '${name.text}' of ${current.path} (supported: ${[...current.members.keys()].join(", ")})`);
      last = name;
      if (member.kind === "object") current = member;
      else if (member.kind === "lookup") return this.lookupCall(member, start, name);
      else {
        this.refuseCall(name);
        return { type: member.type, evaluate: member.get, ...between(start, name) };
      }
    }
  }

  /** `context.Request` alone (or indexed) is not something an expression can produce. */
  private notAValue(object: ContextObject, start: Token, last: Token): never {
    const token = this.peek();
    if (isPunctuator(token, "[")) {
      const hint = object.members.has("GetValueOrDefault") ? `; use ${object.path}.GetValueOrDefault(…)` : "";
      this.fail(token, `indexing with '[…]' is not supported${hint}`);
    }
    return this.fail(between(start, last), `${object.path} is not a value: use one of its members (${[...object.members.keys()].join(", ")})`);
  }

  private refuseCall(name: Token): void {
    const paren = this.peek();
    if (isPunctuator(paren, "(")) this.fail(paren, `'${name.text}' is a property, not a method`);
  }

  /** `GetValueOrDefault[<T>](name[, default])` on headers, query parameters or variables. */
  private lookupCall(lookup: ContextLookup, start: Token, name: Token): Node {
    const typeArgument = this.typeArgument(lookup);
    const { args, parens } = this.callArguments(name);
    if (args.length < 1 || args.length > 2) this.fail(parens, `'${name.text}' takes 1 or 2 arguments (got ${args.length})`);
    const [key, fallback] = args as [Node, Node | undefined];
    if (key.type !== "string") this.fail(key, `argument 1 of '${name.text}' must be string (got ${key.type})`);
    const type = this.lookupType(lookup, typeArgument, fallback, name);
    if (fallback && fallback.type !== type && !(fallback.type === "null" && type === "string")) {
      this.fail(fallback, `argument 2 of '${name.text}' must be ${type} (got ${fallback.type})`);
    }
    const { find } = lookup;
    const readKey = key.evaluate;
    const readDefault = fallback?.evaluate ?? constant(defaultOf(type));
    const evaluate: Evaluate = (ctx) => {
      const wanted = readKey(ctx);
      if (typeof wanted === "string") {
        const found = find(ctx, wanted);
        if (hasType(found, type)) return found;
      }
      return readDefault(ctx);
    };
    return { type, evaluate, ...between(start, parens) };
  }

  /** `<string>`, `<int>` or `<bool>` after a generic GetValueOrDefault; null when absent. */
  private typeArgument(lookup: ContextLookup): ValueType | null {
    const open = this.accept("<");
    if (!open) return null;
    if (!lookup.generic) this.fail(open, `${lookup.path} takes no type argument`);
    const name = this.peek();
    const type = name.kind === "identifier" ? TYPE_ARGUMENTS.get(name.text) : undefined;
    if (!type) this.fail(name, `type argument ${show(name)} is not supported (supported: string, int, bool)`);
    this.next();
    this.expect(">");
    return type;
  }

  /** Headers and query parameters are strings; variables need `<T>` or, as C# infers it, a typed default. */
  private lookupType(lookup: ContextLookup, typeArgument: ValueType | null, fallback: Node | undefined, name: Token): ValueType {
    if (!lookup.generic) return "string";
    if (typeArgument) return typeArgument;
    if (fallback && fallback.type !== "null") return fallback.type;
    return this.fail(name, `${lookup.path} needs a type argument: GetValueOrDefault<string>(…), <int> or <bool>`);
  }

  /** `( expression, … )` after a method name; `parens` spans "(" to ")". */
  private callArguments(name: Token): { args: Node[]; parens: Span } {
    const open = this.peek();
    if (!isPunctuator(open, "(")) this.fail(name, `'${name.text}' is a method: call it with (…)`);
    this.next();
    const args: Node[] = [];
    if (!isPunctuator(this.peek(), ")")) {
      do args.push(this.nested(open, () => this.expression()));
      while (this.accept(","));
    }
    const close = this.close(open, "(", ")");
    return { args, parens: between(open, close) };
  }

  /** `.Length`, `.ToLower()`, … on a value, run as a loop of steps like an operator chain. */
  private valueMembers(receiver: Node): Node {
    let type = receiver.type;
    let last: Span = receiver;
    const steps: Step[] = [];
    for (let dot = this.acceptDot(); dot; dot = this.acceptDot()) {
      const name = this.memberName(dot);
      const member = this.valueMember(type, name);
      const argument = this.memberArgument(member, name);
      steps.push({ operand: argument?.evaluate ?? constant(null), combine: member.apply });
      type = member.result;
      last = { offset: name.offset, length: this.previousEnd() - name.offset };
    }
    if (steps.length === 0) return receiver;
    return { type, evaluate: chain(receiver.evaluate, steps), ...between(receiver, last) };
  }

  private previousEnd(): number {
    return end(this.tokens[this.at - 1] as Token);
  }

  private valueMember(type: ValueType, name: Token): ValueMember {
    if (type === "null") this.fail(name, `cannot read member '${name.text}' of null`);
    const member = VALUE_MEMBERS.get(name.text);
    if (!member || !member.on.includes(type)) {
      this.fail(name, `unknown member '${name.text}' of ${type} (supported: ${describeValueMembers(type)})`);
    }
    return member;
  }

  /** Checks a member's call against its parameters; returns its one argument, if it takes one. */
  private memberArgument(member: ValueMember, name: Token): Node | null {
    if (member.kind === "property") {
      this.refuseCall(name);
      return null;
    }
    const { args, parens } = this.callArguments(name);
    const expected = member.parameters.length;
    if (args.length !== expected) {
      this.fail(parens, `'${name.text}' takes ${expected} argument${expected === 1 ? "" : "s"} (got ${args.length})`);
    }
    const [argument] = args;
    const parameter = member.parameters[0];
    if (!argument || !parameter) return null;
    if (argument.type !== parameter) this.fail(argument, `argument 1 of '${name.text}' must be ${parameter} (got ${argument.type})`);
    return argument;
  }
}
