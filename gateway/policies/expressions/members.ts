/**
 * What an expression may read from `context`, as a tree resolved while compiling: a path like
 * `context.Request.Url.Path` becomes one getter, so evaluating it walks no tables.
 *
 * Leniency: APIM throws a NullReferenceException for `context.User.Email` when there is no
 * user (likewise Subscription and Product); here such a member is null, so
 * `context.User.Email ?? "anonymous"` works and a handshake never fails inside an expression.
 */
import type { PolicyContext } from "../policy";

/** A value an expression produces. */
export type Value = string | number | boolean | null;

/** Static types, named as C# names them in messages. "null" is the type of the `null` literal. */
export type ValueType = "string" | "int" | "bool" | "null";

export type Evaluate = (ctx: PolicyContext) => Value;

/** A member that names more members: `context`, `context.Request`, … */
export interface ContextObject {
  kind: "object";
  path: string;
  members: Map<string, ContextMember>;
}

/** A member read as a value. */
export interface ContextProperty {
  kind: "property";
  type: ValueType;
  get: Evaluate;
}

/**
 * A `GetValueOrDefault(name[, default])` method. `generic` methods (Variables) take a type
 * argument; the others return strings.
 */
export interface ContextLookup {
  kind: "lookup";
  /** E.g. "context.Request.Headers.GetValueOrDefault", for messages. */
  path: string;
  generic: boolean;
  /** Returns the value under `name`, or undefined when there is none. */
  find(ctx: PolicyContext, name: string): unknown;
}

export type ContextMember = ContextObject | ContextProperty | ContextLookup;

/** C# `int`: the subset has no `long`, so integer literals and int variables stay in this range. */
export const MAX_INT = 2147483647;
const MIN_INT = -2147483648;

const asString = (value: unknown): string | null => (typeof value === "string" ? value : null);

function object(path: string, members: Record<string, (path: string) => ContextMember>): ContextObject {
  // A Map, not an object literal: `context.constructor` must not find Object.prototype's.
  const map = new Map<string, ContextMember>();
  for (const [name, make] of Object.entries(members)) map.set(name, make(`${path}.${name}`));
  return { kind: "object", path, members: map };
}

const nested = (members: Record<string, (path: string) => ContextMember>) => (path: string) => object(path, members);
const text = (get: (ctx: PolicyContext) => unknown) => (): ContextProperty => ({ kind: "property", type: "string", get: (ctx) => asString(get(ctx)) });
const lookup = (find: ContextLookup["find"], generic = false) => (path: string): ContextLookup => ({ kind: "lookup", path, generic, find });

/** The root: `context` and everything reachable from it. */
export const CONTEXT: ContextObject = object("context", {
  Request: nested({
    IpAddress: text((ctx) => ctx.request.ipAddress),
    Method: text((ctx) => ctx.request.method),
    // Header names are case-insensitive: PolicyHeaders.get takes care of that.
    Headers: nested({ GetValueOrDefault: lookup((ctx, name) => ctx.request.headers.get(name)) }),
    Url: nested({
      Scheme: text((ctx) => ctx.request.url.scheme),
      Host: text((ctx) => ctx.request.url.host),
      Path: text((ctx) => ctx.request.url.path),
      Query: nested({ GetValueOrDefault: lookup((ctx, name) => ctx.request.url.query.get(name)) }),
    }),
  }),
  Subscription: nested({
    Id: text((ctx) => ctx.subscription?.id),
    Key: text((ctx) => ctx.subscription?.key),
    Name: text((ctx) => ctx.subscription?.name),
  }),
  User: nested({
    Id: text((ctx) => ctx.user?.id),
    Email: text((ctx) => ctx.user?.email),
  }),
  Product: nested({
    Id: text((ctx) => ctx.product?.id),
    Name: text((ctx) => ctx.product?.name),
  }),
  Api: nested({
    Id: text((ctx) => ctx.api.id),
    Path: text((ctx) => ctx.api.path),
    Name: text((ctx) => ctx.api.name),
  }),
  Variables: nested({ GetValueOrDefault: lookup((ctx, name) => ctx.variables.get(name), true) }),
});

/** The supported type arguments of Variables.GetValueOrDefault<T>, by C# keyword. */
export const TYPE_ARGUMENTS: ReadonlyMap<string, Exclude<ValueType, "null">> = new Map([
  ["string", "string"],
  ["int", "int"],
  ["bool", "bool"],
]);

/** Whether a stored variable has type `type`; a mismatch reads as the default (APIM would throw). */
export function hasType(value: unknown, type: ValueType): value is Value {
  if (type === "string") return typeof value === "string";
  if (type === "int") return typeof value === "number" && Number.isInteger(value) && value >= MIN_INT && value <= MAX_INT;
  if (type === "bool") return typeof value === "boolean";
  return value === null;
}

/** C#'s `default(T)`: what GetValueOrDefault<T>("x") gives for a missing variable. */
export function defaultOf(type: ValueType): Value {
  if (type === "int") return 0;
  if (type === "bool") return false;
  return null;
}

/** C#'s ToString as string concatenation uses it: null is "", booleans are "True"/"False". */
export function toCSharpString(value: Value): string {
  if (value === null) return "";
  if (value === true) return "True";
  if (value === false) return "False";
  return String(value);
}

/** A member of a value: `.Length`, `.ToLower()`, … */
export interface ValueMember {
  kind: "property" | "method";
  /** The receiver types it exists on. */
  on: readonly ValueType[];
  parameters: readonly ValueType[];
  result: ValueType;
  /** Null when the receiver or the argument is null (APIM would throw). Members take at most one argument. */
  apply(receiver: Value, argument: Value): Value;
}

const stringTest = (test: (s: string, arg: string) => boolean): ValueMember => ({
  kind: "method",
  on: ["string"],
  parameters: ["string"],
  result: "bool",
  apply: (s, arg) => (typeof s === "string" && typeof arg === "string" ? test(s, arg) : null),
});

const stringMap = (map: (s: string) => string): ValueMember => ({
  kind: "method",
  on: ["string"],
  parameters: [],
  result: "string",
  apply: (s) => (typeof s === "string" ? map(s) : null),
});

/** Members of values; a Map so that `"a".constructor` is simply unknown. */
export const VALUE_MEMBERS: ReadonlyMap<string, ValueMember> = new Map([
  ["Length", { kind: "property", on: ["string"], parameters: [], result: "int", apply: (s) => (typeof s === "string" ? s.length : null) }],
  // C#'s ToLower/ToUpper use the current culture; the gateway has none, so the invariant mapping.
  ["ToLower", stringMap((s) => s.toLowerCase())],
  ["ToUpper", stringMap((s) => s.toUpperCase())],
  // C#'s one-argument StartsWith/EndsWith are culture-sensitive; ordinal is what APIM users expect of header values.
  ["StartsWith", stringTest((s, arg) => s.startsWith(arg))],
  ["EndsWith", stringTest((s, arg) => s.endsWith(arg))],
  ["Contains", stringTest((s, arg) => s.includes(arg))],
  ["ToString", { kind: "method", on: ["string", "int", "bool"], parameters: [], result: "string", apply: (v) => (v === null ? null : toCSharpString(v)) }],
] satisfies [string, ValueMember][]);

/** How the members available on `type` are listed in an error message. */
export function describeValueMembers(type: ValueType): string {
  const names: string[] = [];
  for (const [name, member] of VALUE_MEMBERS) {
    if (!member.on.includes(type)) continue;
    names.push(member.kind === "property" ? name : member.parameters.length ? `${name}(…)` : `${name}()`);
  }
  return names.join(", ");
}
