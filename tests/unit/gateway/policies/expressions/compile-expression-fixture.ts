/** Shared set-up of the compile-expression tests: a fake handshake, and compile-and-run / expect-refused helpers. */
import { expect } from "vitest";
import { compileExpression } from "@/gateway/policies/expressions/compile-expression";
import type { PolicyContext, PolicyHeaders, PolicyQuery } from "@/gateway/policies/policy";

/** Read-only headers/query over a record; `foldCase` makes names case-insensitive, as headers are. */
function values(entries: Record<string, string>, foldCase: boolean): PolicyHeaders & PolicyQuery {
  const key = (name: string) => (foldCase ? name.toLowerCase() : name);
  const map = new Map(Object.entries(entries).map(([name, value]) => [key(name), value]));
  const readOnly = () => {
    throw new Error("expressions must not change the request");
  };
  return {
    get: (name) => map.get(key(name)),
    getAll: (name) => (map.has(key(name)) ? [map.get(key(name)) as string] : []),
    has: (name) => map.has(key(name)),
    set: readOnly,
    append: readOnly,
    delete: readOnly,
  };
}

interface FakeContextOptions {
  headers?: Record<string, string>;
  query?: Record<string, string>;
  variables?: Record<string, unknown>;
  subscription?: PolicyContext["subscription"];
  user?: PolicyContext["user"];
  product?: PolicyContext["product"];
}

/** A handshake as policies see it, with no sockets, clock or counters behind it. */
export function fakeContext(options: FakeContextOptions = {}): PolicyContext {
  const unused = () => {
    throw new Error("expressions must not use services");
  };
  return {
    request: {
      ipAddress: "203.0.113.7",
      method: "GET",
      headers: values(options.headers ?? {}, true),
      url: { scheme: "wss", host: "gw.example.com", path: "/chat/rooms", query: values(options.query ?? {}, false) },
    },
    api: { id: "chat", path: "chat", name: "Chat API" },
    product: options.product === undefined ? { id: "starter", name: "Starter" } : options.product,
    subscription: options.subscription === undefined ? { id: "sub-1", key: "k-123", name: "Alice's key" } : options.subscription,
    user: options.user === undefined ? { id: "u-1", email: "alice@example.com" } : options.user,
    variables: new Map(Object.entries(options.variables ?? {})),
    backendServiceUrl: null,
    responseHeaders: {},
    limits: { maxInboundMessageBytes: 0, maxOutboundMessageBytes: 0, inboundRate: null, outboundRate: null, idleTimeoutMs: 0, maxDurationMs: 0 },
    services: { now: () => 0, counters: { hit: unused, quota: unused }, jwt: { openIdKeys: unused }, skipped: unused },
  } as PolicyContext;
}

/** Compiles `source` (failing the test with the compiler's message if it is refused) and evaluates it. */
export function run(source: string, ctx: PolicyContext = fakeContext()): unknown {
  const result = compileExpression(source);
  if (!result.ok) throw new Error(`refused at ${result.offset}+${result.length}: ${result.message}`);
  return result.evaluate(ctx);
}

/** Expects `source` to be refused with `message`, pointing exactly at the first `at` (searched from `from`). */
export function expectRefused(source: string, at: string, message: string, from = 0): void {
  const offset = source.indexOf(at, from);
  if (offset < 0) throw new Error(`test bug: '${at}' is not in ${source}`);
  expect(compileExpression(source)).toEqual({ ok: false, offset, length: at.length, message });
}

/** The lists the compiler's refusal messages name. */
export const SUPPORTED_OPERATORS = "+ == != < <= > >= && || ! ?: ??";
export const STRING_MEMBERS = "Length, ToLower(), ToUpper(), StartsWith(…), EndsWith(…), Contains(…), ToString()";
export const CONTEXT_MEMBERS = "Request, Subscription, User, Product, Api, Variables";
