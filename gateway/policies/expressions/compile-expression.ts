/**
 * Policy expressions: APIM's `@(…)` and `@{ return …; }` C#, as a safe subset (DESIGN.md §4).
 * An expression is parsed and type-checked once, when a document is saved or a configuration
 * loads, into a tree of closures; a handshake only calls them. Nothing is ever evaluated as
 * code (no eval, no Function): only the members listed in members.ts can be reached.
 */
import type { PolicyContext } from "../policy";
import { Parser } from "./parse";
import { ExpressionError, tokenize } from "./tokenize";

/** A compiled expression: string | number | boolean | null for the handshake it is given. Never throws. */
export type CompiledExpression = (ctx: PolicyContext) => unknown;

/** A compiled expression, or the first problem in it; offset/length are relative to the start of `source`. */
export type ExpressionResult =
  | { ok: true; evaluate: CompiledExpression }
  | { ok: false; offset: number; length: number; message: string };

/** True when an attribute value or text is a policy expression (starts with "@(" or "@{"). */
export function isExpression(value: string): boolean {
  return value.startsWith("@(") || value.startsWith("@{");
}

/** Compiles `source`, the whole expression as written in the document: "@(...)" or "@{ ... }". */
export function compileExpression(source: string): ExpressionResult {
  if (!isExpression(source)) {
    return { ok: false, offset: 0, length: Math.min(source.length, 2), message: "a policy expression starts with '@(' or '@{'" };
  }
  try {
    const parser = new Parser(tokenize(source, 2, source.length), source.startsWith("@(") ? "@(" : "@{");
    const root = source.startsWith("@(") ? parser.parseParenthesized() : parser.parseBlock();
    return { ok: true, evaluate: neverThrowing(root) };
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, offset: error.offset, length: error.length, message: error.message };
    throw error;
  }
}

/**
 * The closures already give null for missing subscriptions, headers and the like; this catch is
 * for a context that breaks its own contract (a headers object whose `get` throws, a missing
 * `request` in a hand-built context): a policy expression must never fail a handshake by throwing.
 */
function neverThrowing(root: (ctx: PolicyContext) => unknown): CompiledExpression {
  return (ctx) => {
    try {
      return root(ctx);
    } catch {
      return null;
    }
  };
}
