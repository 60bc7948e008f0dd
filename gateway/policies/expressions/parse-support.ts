/** The expression parser's node shapes, operator tables and the small functions its rules share. */
import { type Evaluate, toCSharpString, type Value, type ValueType } from "./members";
import type { Token } from "./tokenize";

/** Nesting (parentheses, `!`, `?:` branches, call arguments) deeper than this is refused. */
export const MAX_DEPTH = 64;

export const SINGLE_RETURN = "only a single return statement is supported in @{…} blocks";

export const SUPPORTED_OPERATORS = "+ == != < <= > >= && || ! ?: ??";
export const UNSUPPORTED_OPERATORS = new Set(["-", "*", "/", "%", "&", "|", "^", "~"]);
export const ASSIGNMENTS = new Set(["=", "+=", "-=", "++", "--"]);
export const TYPE_KEYWORDS = new Set(["string", "int", "bool", "object", "long", "double", "float", "decimal", "char", "var", "dynamic"]);
export const EQUALITY = new Set(["==", "!="]);
export const RELATIONAL = new Set(["<", "<=", ">", ">="]);
export const ADDITIVE = new Set(["+"]);
export const LITERALS = new Map<string, [ValueType, Value]>([
  ["true", ["bool", true]],
  ["false", ["bool", false]],
  ["null", ["null", null]],
]);

/** A compiled piece of an expression: its C# type, its closure and where it is written. */
export interface Node {
  type: ValueType;
  evaluate: Evaluate;
  offset: number;
  length: number;
}

/** Anything with a place in the source. */
export interface Span {
  offset: number;
  length: number;
}

/** One link of an operator chain: combines the value so far with the next operand. */
export interface Step {
  operand: Evaluate;
  combine(left: Value, right: Value): Value;
}

export type Form = "@(" | "@{";

export const constant = (value: Value): Evaluate => () => value;
export const end = (span: Span) => span.offset + span.length;
export const between = (from: Span, to: Span): Span => ({ offset: from.offset, length: end(to) - from.offset });
export const isPunctuator = (token: Token, text: string) => token.kind === "punctuator" && token.text === text;

export function show(token: Token): string {
  if (token.kind === "end") return "end of expression";
  if (token.kind === "string") return "string literal";
  return `'${token.text}'`;
}

/** Runs the steps left to right in a loop (see the module comment for why not nested closures). */
export function chain(first: Evaluate, steps: Step[]): Evaluate {
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
export function plus(left: ValueType, right: ValueType): { type: ValueType; combine: Step["combine"] } | null {
  if (left === "string" || right === "string") {
    return { type: "string", combine: (a, b) => toCSharpString(a) + toCSharpString(b) };
  }
  if ((left === "int" && right !== "bool") || (right === "int" && left !== "bool")) {
    // C# int arithmetic wraps (unchecked); `| 0` does the same. A null operand gives null, as int? does.
    return { type: "int", combine: (a, b) => (typeof a === "number" && typeof b === "number" ? (a + b) | 0 : null) };
  }
  return null;
}

export function compare(operator: string): Step["combine"] {
  if (operator === "==") return (a, b) => a === b;
  if (operator === "!=") return (a, b) => a !== b;
  if (operator === "<") return (a, b) => typeof a === "number" && typeof b === "number" && a < b;
  if (operator === "<=") return (a, b) => typeof a === "number" && typeof b === "number" && a <= b;
  if (operator === ">") return (a, b) => typeof a === "number" && typeof b === "number" && a > b;
  return (a, b) => typeof a === "number" && typeof b === "number" && a >= b;
}

/** The type two alternatives (`?:` branches, `??` operands) share; null fits any type. */
export function unify(left: ValueType, right: ValueType): ValueType | null {
  if (left === "null") return right;
  if (right === "null" || right === left) return left;
  return null;
}
