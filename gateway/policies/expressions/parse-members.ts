import {
  CONTEXT,
  type ContextLookup,
  type ContextObject,
  defaultOf,
  describeValueMembers,
  type Evaluate,
  hasType,
  TYPE_ARGUMENTS,
  VALUE_MEMBERS,
  type ValueMember,
  type ValueType,
} from "./members";
import { between, chain, constant, isPunctuator, type Node, show, type Span, type Step } from "./parse-support";
import type { Token } from "./tokenize";
import { TokenCursor } from "./token-cursor";

/**
 * The grammar rules for members: `context.…` paths and their lookups, and `.Length`, `.ToLower()`, …
 * on values. The operator rules (Parser) extend these and supply `expression` for arguments.
 */
export abstract class MemberRules extends TokenCursor {
  /** A whole expression (a call's argument). */
  protected abstract expression(): Node;

  /** The name after a `.` or `?.`. */
  protected memberName(dot: Token): Token {
    const name = this.peek();
    if (name.kind !== "identifier") this.fail(name, `expected a member name after '${dot.text}'`);
    return this.next();
  }

  /** `.` and `?.` mean the same: reading a member of null already gives null (see members.ts). */
  protected acceptDot(): Token | null {
    return this.accept(".") ?? this.accept("?.");
  }

  /** `context.A.B…`, resolved now to one getter or lookup. */
  protected contextPath(start: Token): Node {
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
  protected notAValue(object: ContextObject, start: Token, last: Token): never {
    const token = this.peek();
    if (isPunctuator(token, "[")) {
      const hint = object.members.has("GetValueOrDefault") ? `; use ${object.path}.GetValueOrDefault(…)` : "";
      this.fail(token, `indexing with '[…]' is not supported${hint}`);
    }
    return this.fail(between(start, last), `${object.path} is not a value: use one of its members (${[...object.members.keys()].join(", ")})`);
  }

  protected refuseCall(name: Token): void {
    const paren = this.peek();
    if (isPunctuator(paren, "(")) this.fail(paren, `'${name.text}' is a property, not a method`);
  }

  /** `GetValueOrDefault[<T>](name[, default])` on headers, query parameters or variables. */
  protected lookupCall(lookup: ContextLookup, start: Token, name: Token): Node {
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
  protected typeArgument(lookup: ContextLookup): ValueType | null {
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
  protected lookupType(lookup: ContextLookup, typeArgument: ValueType | null, fallback: Node | undefined, name: Token): ValueType {
    if (!lookup.generic) return "string";
    if (typeArgument) return typeArgument;
    if (fallback && fallback.type !== "null") return fallback.type;
    return this.fail(name, `${lookup.path} needs a type argument: GetValueOrDefault<string>(…), <int> or <bool>`);
  }

  /** `( expression, … )` after a method name; `parens` spans "(" to ")". */
  protected callArguments(name: Token): { args: Node[]; parens: Span } {
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
  protected valueMembers(receiver: Node): Node {
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

  protected valueMember(type: ValueType, name: Token): ValueMember {
    if (type === "null") this.fail(name, `cannot read member '${name.text}' of null`);
    const member = VALUE_MEMBERS.get(name.text);
    if (!member || !member.on.includes(type)) {
      this.fail(name, `unknown member '${name.text}' of ${type} (supported: ${describeValueMembers(type)})`);
    }
    return member;
  }

  /** Checks a member's call against its parameters; returns its one argument, if it takes one. */
  protected memberArgument(member: ValueMember, name: Token): Node | null {
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
