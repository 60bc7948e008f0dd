/**
 * A recursive-descent parser that compiles as it parses: every construct becomes a closure
 * (`(ctx) => value`) and is type-checked with C#'s static types, so a handshake only runs the
 * closures. Operator chains (`a + b + c`, `x && y && z`, `a ?? b ?? c`) become one loop, not a
 * left-deep tree, so a long chain cannot overflow the stack when it is evaluated; every other
 * kind of nesting counts against MAX_DEPTH while parsing.
 */
import type { Evaluate, ValueType } from "./members";
import {
  ADDITIVE,
  between,
  chain,
  compare,
  constant,
  EQUALITY,
  isPunctuator,
  LITERALS,
  type Node,
  plus,
  RELATIONAL,
  SINGLE_RETURN,
  type Step,
  TYPE_KEYWORDS,
  unify,
} from "./parse-support";
import { MemberRules } from "./parse-members";
import type { Token } from "./tokenize";

/** Compiles a token stream (from tokenize) of one expression. */
export class Parser extends MemberRules {
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

  // ── operators, lowest precedence first (C#: ?: < ?? < || < && < == < relational < + < !) ──

  protected expression(): Node {
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
    const [name, close] = [this.lookahead(1), this.lookahead(2)];
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
}
