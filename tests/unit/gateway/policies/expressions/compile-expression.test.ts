import { describe, expect, it } from "vitest";
import { compileExpression, isExpression } from "@/gateway/policies/expressions/compile-expression";
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
function fakeContext(options: FakeContextOptions = {}): PolicyContext {
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
function run(source: string, ctx: PolicyContext = fakeContext()): unknown {
  const result = compileExpression(source);
  if (!result.ok) throw new Error(`refused at ${result.offset}+${result.length}: ${result.message}`);
  return result.evaluate(ctx);
}

/** Expects `source` to be refused with `message`, pointing exactly at the first `at` (searched from `from`). */
function expectRefused(source: string, at: string, message: string, from = 0): void {
  const offset = source.indexOf(at, from);
  if (offset < 0) throw new Error(`test bug: '${at}' is not in ${source}`);
  expect(compileExpression(source)).toEqual({ ok: false, offset, length: at.length, message });
}

const SUPPORTED_OPERATORS = "+ == != < <= > >= && || ! ?: ??";
const STRING_MEMBERS = "Length, ToLower(), ToUpper(), StartsWith(…), EndsWith(…), Contains(…), ToString()";
const CONTEXT_MEMBERS = "Request, Subscription, User, Product, Api, Variables";

describe("isExpression", () => {
  it("recognises the two forms by their first two characters", () => {
    expect(isExpression("@(context.Request.Method)")).toBe(true);
    expect(isExpression("@{ return 1; }")).toBe(true);
  });

  it("leaves plain values, e-mail-like text and indented expressions alone", () => {
    expect(isExpression("Bearer abc")).toBe(false);
    expect(isExpression("user@example.com")).toBe(false);
    expect(isExpression("@x")).toBe(false);
    expect(isExpression(" @(1)")).toBe(false);
    expect(isExpression("")).toBe(false);
  });
});

describe("reading the handshake", () => {
  it("reads the request's address, method and URL parts", () => {
    expect(run("@(context.Request.IpAddress)")).toBe("203.0.113.7");
    expect(run("@(context.Request.Method)")).toBe("GET");
    expect(run("@(context.Request.Url.Scheme)")).toBe("wss");
    expect(run("@(context.Request.Url.Host)")).toBe("gw.example.com");
    expect(run("@(context.Request.Url.Path)")).toBe("/chat/rooms");
  });

  it("reads the API, product, subscription and user", () => {
    expect(run("@(context.Api.Id)")).toBe("chat");
    expect(run("@(context.Api.Path)")).toBe("chat");
    expect(run("@(context.Api.Name)")).toBe("Chat API");
    expect(run("@(context.Product.Id)")).toBe("starter");
    expect(run("@(context.Product.Name)")).toBe("Starter");
    expect(run("@(context.Subscription.Id)")).toBe("sub-1");
    expect(run("@(context.Subscription.Key)")).toBe("k-123");
    expect(run("@(context.Subscription.Name)")).toBe("Alice's key");
    expect(run("@(context.User.Id)")).toBe("u-1");
    expect(run("@(context.User.Email)")).toBe("alice@example.com");
  });

  it("reads members of a missing subscription, user or product as null instead of throwing as APIM does", () => {
    const anonymous = fakeContext({ subscription: null, user: null, product: null });
    expect(run("@(context.Subscription.Key)", anonymous)).toBeNull();
    expect(run("@(context.User.Email)", anonymous)).toBeNull();
    expect(run("@(context.Product.Name)", anonymous)).toBeNull();
    expect(run('@(context.User.Email ?? "anonymous")', anonymous)).toBe("anonymous");
  });

  it("accepts ?. as C# writes a null-safe read, with the same meaning as .", () => {
    expect(run("@(context.User?.Email)", fakeContext({ user: null }))).toBeNull();
    expect(run("@(context.User?.Email?.ToUpper())")).toBe("ALICE@EXAMPLE.COM");
  });

  it("reads headers by case-insensitive name, with the default or null when missing", () => {
    const ctx = fakeContext({ headers: { "X-Tenant": "acme" } });
    expect(run('@(context.Request.Headers.GetValueOrDefault("x-tenant", "none"))', ctx)).toBe("acme");
    expect(run('@(context.Request.Headers.GetValueOrDefault("X-TENANT"))', ctx)).toBe("acme");
    expect(run('@(context.Request.Headers.GetValueOrDefault("X-Region", "eu"))', ctx)).toBe("eu");
    expect(run('@(context.Request.Headers.GetValueOrDefault("X-Region"))', ctx)).toBeNull();
  });

  it("reads query parameters by case-sensitive name, with the default or null when missing", () => {
    const ctx = fakeContext({ query: { room: "lobby" } });
    expect(run('@(context.Request.Url.Query.GetValueOrDefault("room", "none"))', ctx)).toBe("lobby");
    expect(run('@(context.Request.Url.Query.GetValueOrDefault("Room", "none"))', ctx)).toBe("none");
    expect(run('@(context.Request.Url.Query.GetValueOrDefault("Room"))', ctx)).toBeNull();
  });

  it("reads a header whose name is computed", () => {
    const ctx = fakeContext({ headers: { "X-Acme-Id": "7" } });
    expect(run('@(context.Request.Headers.GetValueOrDefault("X-" + "Acme" + "-Id"))', ctx)).toBe("7");
  });

  it("reads typed variables, giving the default argument when missing", () => {
    const ctx = fakeContext({ variables: { tenant: "acme", retries: 3, trusted: true } });
    expect(run('@(context.Variables.GetValueOrDefault<string>("tenant"))', ctx)).toBe("acme");
    expect(run('@(context.Variables.GetValueOrDefault<int>("retries"))', ctx)).toBe(3);
    expect(run('@(context.Variables.GetValueOrDefault<bool>("trusted"))', ctx)).toBe(true);
    expect(run('@(context.Variables.GetValueOrDefault<string>("region", "eu"))', ctx)).toBe("eu");
    expect(run('@(context.Variables.GetValueOrDefault<int>("missing", 5))', ctx)).toBe(5);
    expect(run('@(context.Variables.GetValueOrDefault<bool>("missing", true))', ctx)).toBe(true);
  });

  it("gives C#'s default(T) for a missing variable without a default argument", () => {
    expect(run('@(context.Variables.GetValueOrDefault<string>("missing"))')).toBeNull();
    expect(run('@(context.Variables.GetValueOrDefault<int>("missing"))')).toBe(0);
    expect(run('@(context.Variables.GetValueOrDefault<bool>("missing"))')).toBe(false);
  });

  it("gives the default for a variable of another type (APIM would throw an invalid cast)", () => {
    const ctx = fakeContext({ variables: { n: "5", s: 5, huge: 2 ** 40, half: 1.5, object: { a: 1 } } });
    expect(run('@(context.Variables.GetValueOrDefault<int>("n", 7))', ctx)).toBe(7);
    expect(run('@(context.Variables.GetValueOrDefault<string>("s"))', ctx)).toBeNull();
    expect(run('@(context.Variables.GetValueOrDefault<int>("huge"))', ctx)).toBe(0);
    expect(run('@(context.Variables.GetValueOrDefault<int>("half"))', ctx)).toBe(0);
    expect(run('@(context.Variables.GetValueOrDefault<string>("object", "x"))', ctx)).toBe("x");
  });

  it("infers the variable's type from a typed default, as C# does without <T>", () => {
    const ctx = fakeContext({ variables: { tenant: "acme", retries: 3 } });
    expect(run('@(context.Variables.GetValueOrDefault("tenant", "none"))', ctx)).toBe("acme");
    expect(run('@(context.Variables.GetValueOrDefault("retries", 0) + 1)', ctx)).toBe(4);
  });

  it("finds no variable, header or query parameter under Object.prototype's names", () => {
    expect(run('@(context.Variables.GetValueOrDefault<string>("__proto__"))')).toBeNull();
    expect(run('@(context.Variables.GetValueOrDefault<string>("constructor", "none"))')).toBe("none");
    expect(run('@(context.Request.Url.Query.GetValueOrDefault("toString"))')).toBeNull();
  });

  it("compiles once and evaluates against each handshake it is given", () => {
    const result = compileExpression('@(context.Request.Headers.GetValueOrDefault("X-Tenant", "none"))');
    if (!result.ok) throw new Error(result.message);
    expect(result.evaluate(fakeContext({ headers: { "X-Tenant": "a" } }))).toBe("a");
    expect(result.evaluate(fakeContext({ headers: { "X-Tenant": "b" } }))).toBe("b");
    expect(result.evaluate(fakeContext())).toBe("none");
  });
});

describe("literals", () => {
  it("reads regular strings with C#'s escapes", () => {
    expect(run('@("a\\"b\\\\c\\nd\\te\\r\\0\\\'")')).toBe("a\"b\\c\nd\te\r\0'");
    expect(run('@("\\u00e9\\u20AC")')).toBe("é€");
    expect(run('@("")')).toBe("");
  });

  it("reads verbatim strings, where \"\" is a quote and backslashes and newlines are kept", () => {
    expect(run('@(@"C:\\temp ""quoted""")')).toBe('C:\\temp "quoted"');
    expect(run('@(@"line 1\nline 2")')).toBe("line 1\nline 2");
    expect(run('@(@"")')).toBe("");
  });

  it("keeps ) and } inside strings out of the expression's structure", () => {
    expect(run('@(")")')).toBe(")");
    expect(run('@{ return "}"; }')).toBe("}");
  });

  it("reads integers, booleans and null", () => {
    expect(run("@(42)")).toBe(42);
    expect(run("@(0)")).toBe(0);
    expect(run("@(2147483647)")).toBe(2147483647);
    expect(run("@(true)")).toBe(true);
    expect(run("@(false)")).toBe(false);
    expect(run("@(null)")).toBeNull();
  });
});

describe("operators", () => {
  it("concatenates strings, with null as \"\" and booleans as C# prints them", () => {
    expect(run('@("Bearer " + context.Subscription.Key)')).toBe("Bearer k-123");
    expect(run('@("[" + context.Request.Headers.GetValueOrDefault("missing") + "]")')).toBe("[]");
    expect(run('@("trusted: " + true + "/" + false)')).toBe("trusted: True/False");
    expect(run('@(null + "x")')).toBe("x");
  });

  it("adds integers, left to right, and concatenates once a string is involved", () => {
    expect(run("@(1 + 2)")).toBe(3);
    expect(run('@(1 + 2 + "a")')).toBe("3a");
    expect(run('@("a" + 1 + 2)')).toBe("a12");
    expect(run('@("a" + (1 + 2))')).toBe("a3");
  });

  it("wraps integer overflow as C#'s unchecked int does", () => {
    expect(run("@(2147483647 + 1)")).toBe(-2147483648);
  });

  it("compares strings case-sensitively with == and !=", () => {
    expect(run('@(context.Request.Method == "GET")')).toBe(true);
    expect(run('@(context.Request.Method == "get")')).toBe(false);
    expect(run('@(context.Request.Method != "get")')).toBe(true);
    expect(run('@(context.Request.Headers.GetValueOrDefault("missing") == null)')).toBe(true);
    expect(run("@(true == false)")).toBe(false);
  });

  it("compares integers with < <= > >=", () => {
    expect(run("@(1 < 2)")).toBe(true);
    expect(run("@(2 <= 2)")).toBe(true);
    expect(run("@(1 > 2)")).toBe(false);
    expect(run("@(3 >= 4)")).toBe(false);
    expect(run('@(context.Request.Url.Path.Length > 5)')).toBe(true);
  });

  it("combines conditions with && || ! by C#'s precedence", () => {
    expect(run("@(true && false || true)")).toBe(true);
    expect(run("@(true || false && false)")).toBe(true);
    expect(run("@(!true || !false)")).toBe(true);
    expect(run("@(!(true && false))")).toBe(true);
    expect(run("@(1 + 1 == 2 && 2 < 3)")).toBe(true);
  });

  it("short-circuits && and || so a header is not read when the answer is known", () => {
    const reads: string[] = [];
    const ctx = fakeContext();
    ctx.request.headers.get = (name) => (reads.push(name), undefined);
    expect(run('@(false && context.Request.Headers.GetValueOrDefault("a") == null)', ctx)).toBe(false);
    expect(run('@(true || context.Request.Headers.GetValueOrDefault("b") == null)', ctx)).toBe(true);
    expect(reads).toEqual([]);
  });

  it("chooses with ?: and takes the first non-null with ??", () => {
    const ctx = fakeContext({ headers: { "X-Beta": "1" } });
    expect(run('@(context.Request.Headers.GetValueOrDefault("X-Beta") == "1" ? "beta" : "stable")', ctx)).toBe("beta");
    expect(run('@(false ? "a" : true ? "b" : "c")')).toBe("b");
    expect(run('@(context.Request.Headers.GetValueOrDefault("a") ?? context.Request.Headers.GetValueOrDefault("b") ?? "none")')).toBe("none");
    expect(run('@(null ?? "x")')).toBe("x");
    expect(run('@(false ? null : "x")')).toBe("x");
  });

  it("binds ?? looser than + and ||, and ?: looser than ??, as C# does", () => {
    expect(run('@("x" ?? "y" + "z")')).toBe("x");
    expect(run("@(false ?? true || true)")).toBe(false);
    expect(run('@(false ?? true ? "a" : "b")')).toBe("b");
  });

  it("treats null as false where a condition is expected (StartsWith on a missing header)", () => {
    const missing = 'context.Request.Headers.GetValueOrDefault("missing")';
    expect(run(`@(${missing}.StartsWith("x") ? "yes" : "no")`)).toBe("no");
    expect(run(`@(!${missing}.StartsWith("x"))`)).toBe(true);
    expect(run(`@(${missing}.StartsWith("x") || true)`)).toBe(true);
    expect(run(`@(${missing}.StartsWith("x") && true)`)).toBe(false);
  });
});

describe("string members", () => {
  it("changes case", () => {
    expect(run('@(context.User.Email.ToUpper())')).toBe("ALICE@EXAMPLE.COM");
    expect(run('@("MiXeD".ToLower())')).toBe("mixed");
  });

  it("tests prefixes, suffixes and contents, case-sensitively", () => {
    expect(run('@(context.Request.Url.Path.StartsWith("/chat"))')).toBe(true);
    expect(run('@(context.Request.Url.Path.StartsWith("/Chat"))')).toBe(false);
    expect(run('@(context.User.Email.EndsWith("@example.com"))')).toBe(true);
    expect(run('@(context.Api.Name.Contains("Chat"))')).toBe(true);
    expect(run('@(context.Api.Name.Contains("chat"))')).toBe(false);
  });

  it("measures length and converts values with ToString", () => {
    expect(run('@("héllo".Length)')).toBe(5);
    expect(run("@(42.ToString())")).toBe("42");
    expect(run("@(true.ToString())")).toBe("True");
    expect(run('@("s".ToString())')).toBe("s");
    expect(run('@(context.Request.Method.ToLower().Length.ToString() + "!")')).toBe("3!");
  });

  it("gives null for a member of a missing value instead of throwing", () => {
    const missing = 'context.Request.Headers.GetValueOrDefault("missing")';
    expect(run(`@(${missing}.Length)`)).toBeNull();
    expect(run(`@(${missing}.ToLower())`)).toBeNull();
    expect(run(`@(${missing}.ToString())`)).toBeNull();
    expect(run(`@(${missing}.Length + 1)`)).toBeNull();
    expect(run(`@(${missing}.Length > 0)`)).toBe(false);
    expect(run(`@("abc".Contains(${missing}))`)).toBeNull();
  });
});

describe("the @{ … } block form", () => {
  it("returns the value of its single return statement", () => {
    expect(run('@{ return context.Request.Method + "!"; }')).toBe("GET!");
    expect(run('@{return "x";}')).toBe("x");
    expect(run("@{\n  return\n    context.Api.Id;\n}")).toBe("chat");
  });

  it("refuses any other statement at the statement", () => {
    expectRefused("@{ var x = 1; return x; }", "var", "only a single return statement is supported in @{…} blocks");
    expectRefused('@{ if (true) return "a"; }', "if", "only a single return statement is supported in @{…} blocks");
    expectRefused("@{ return 1; return 2; }", "return", "only a single return statement is supported in @{…} blocks", 5);
    expectRefused("@{ }", "}", "only a single return statement is supported in @{…} blocks");
  });

  it("wants the return statement's semicolon and the closing brace", () => {
    expectRefused("@{ return 1 }", "}", "unexpected '}' (expected ';')");
    expect(compileExpression("@{ return 1;")).toEqual({ ok: false, offset: 0, length: 2, message: "'@{' is never closed: expected '}'" });
    expect(compileExpression("@{")).toEqual({ ok: false, offset: 0, length: 2, message: "'@{' is never closed: expected '}'" });
    expectRefused("@{ return 1; } x", "x", "unexpected 'x' after the end of the expression");
  });
});

describe("what the subset refuses", () => {
  it("refuses text that is not an expression", () => {
    expect(compileExpression("context.Request.Method")).toEqual({ ok: false, offset: 0, length: 2, message: "a policy expression starts with '@(' or '@{'" });
    expect(compileExpression("")).toEqual({ ok: false, offset: 0, length: 0, message: "a policy expression starts with '@(' or '@{'" });
  });

  it("refuses names other than context, so nothing outside the handshake is reachable", () => {
    expectRefused('@(System.IO.File.Delete("x"))', "System", "'System' is not supported: expressions start from context");
    expectRefused('@(Environment.GetEnvironmentVariable("SECRET"))', "Environment", "'Environment' is not supported: expressions start from context");
    expectRefused("@(Context.Request.Method)", "Context", "'Context' is not supported: expressions start from context");
    expectRefused('@(new System.Net.WebClient().DownloadString("http://x"))', "new", "'new' is not supported: expressions cannot create objects");
  });

  it("refuses reflection and prototype tricks as unknown members", () => {
    expectRefused("@(context.GetType())", "GetType", `unknown member 'GetType' of context (supported: ${CONTEXT_MEMBERS})`);
    expectRefused("@(context.constructor)", "constructor", `unknown member 'constructor' of context (supported: ${CONTEXT_MEMBERS})`);
    expectRefused("@(context.__proto__)", "__proto__", `unknown member '__proto__' of context (supported: ${CONTEXT_MEMBERS})`);
    expectRefused('@("a".constructor)', "constructor", `unknown member 'constructor' of string (supported: ${STRING_MEMBERS})`);
    expectRefused('@("a".GetType())', "GetType", `unknown member 'GetType' of string (supported: ${STRING_MEMBERS})`);
    expectRefused('@(context.Request.Method.toString())', "toString", `unknown member 'toString' of string (supported: ${STRING_MEMBERS})`);
  });

  it("lists what each part of context supports when a member is unknown", () => {
    expectRefused("@(context.Request.Foo)", "Foo", "unknown member 'Foo' of context.Request (supported: IpAddress, Method, Headers, Url)");
    expectRefused("@(context.Request.Url.Port)", "Port", "unknown member 'Port' of context.Request.Url (supported: Scheme, Host, Path, Query)");
    expectRefused("@(context.Subscription.PrimaryKey)", "PrimaryKey", "unknown member 'PrimaryKey' of context.Subscription (supported: Id, Key, Name)");
    expectRefused("@(context.User.Name)", "Name", "unknown member 'Name' of context.User (supported: Id, Email)");
    expectRefused("@(context.Product.Key)", "Key", "unknown member 'Key' of context.Product (supported: Id, Name)");
    expectRefused("@(context.Api.Version)", "Version", "unknown member 'Version' of context.Api (supported: Id, Path, Name)");
    expectRefused('@(context.Request.Headers.TryGetValue("a"))', "TryGetValue", "unknown member 'TryGetValue' of context.Request.Headers (supported: GetValueOrDefault)");
    expectRefused("@(context.Variables.Count)", "Count", "unknown member 'Count' of context.Variables (supported: GetValueOrDefault)");
  });

  it("refuses a part of context used as a value", () => {
    expectRefused("@(context)", "context", `context is not a value: use one of its members (${CONTEXT_MEMBERS})`);
    expectRefused("@(context.Request)", "context.Request", "context.Request is not a value: use one of its members (IpAddress, Method, Headers, Url)");
    expectRefused('@(context.Request.Headers + "")', "context.Request.Headers", "context.Request.Headers is not a value: use one of its members (GetValueOrDefault)");
  });

  it("refuses calling properties and reading methods without calling them", () => {
    expectRefused("@(context.Request.Method())", "(", "'Method' is a property, not a method", 3);
    expectRefused('@("a".Length())', "(", "'Length' is a property, not a method", 3);
    expectRefused("@(context.Request.Headers.GetValueOrDefault)", "GetValueOrDefault", "'GetValueOrDefault' is a method: call it with (…)");
    expectRefused('@("a".ToLower)', "ToLower", "'ToLower' is a method: call it with (…)");
  });

  it("checks GetValueOrDefault's arguments", () => {
    expectRefused("@(context.Request.Headers.GetValueOrDefault())", "()", "'GetValueOrDefault' takes 1 or 2 arguments (got 0)");
    expectRefused('@(context.Request.Headers.GetValueOrDefault("a", "b", "c"))', '("a", "b", "c")', "'GetValueOrDefault' takes 1 or 2 arguments (got 3)");
    expectRefused("@(context.Request.Headers.GetValueOrDefault(1))", "1", "argument 1 of 'GetValueOrDefault' must be string (got int)");
    expectRefused('@(context.Request.Url.Query.GetValueOrDefault("a", 1 + 1))', "1 + 1", "argument 2 of 'GetValueOrDefault' must be string (got int)");
    expectRefused('@(context.Variables.GetValueOrDefault<int>("n", "five"))', '"five"', "argument 2 of 'GetValueOrDefault' must be int (got string)");
    expectRefused('@(context.Variables.GetValueOrDefault<bool>("n", null))', "null", "argument 2 of 'GetValueOrDefault' must be bool (got null)");
  });

  it("checks GetValueOrDefault's type argument", () => {
    expectRefused('@(context.Request.Headers.GetValueOrDefault<string>("a"))', "<", "context.Request.Headers.GetValueOrDefault takes no type argument");
    expectRefused('@(context.Variables.GetValueOrDefault<long>("n"))', "long", "type argument 'long' is not supported (supported: string, int, bool)");
    expectRefused('@(context.Variables.GetValueOrDefault<>("n"))', ">", "type argument '>' is not supported (supported: string, int, bool)");
    expectRefused('@(context.Variables.GetValueOrDefault<string("n"))', "(", "unexpected '(' (expected '>')", 40);
    expectRefused('@(context.Variables.GetValueOrDefault("n"))', "GetValueOrDefault", "context.Variables.GetValueOrDefault needs a type argument: GetValueOrDefault<string>(…), <int> or <bool>");
    expectRefused('@(context.Variables.GetValueOrDefault("n", null))', "GetValueOrDefault", "context.Variables.GetValueOrDefault needs a type argument: GetValueOrDefault<string>(…), <int> or <bool>");
  });

  it("refuses indexing, pointing to GetValueOrDefault where there is one", () => {
    expectRefused('@(context.Variables["x"])', "[", "indexing with '[…]' is not supported; use context.Variables.GetValueOrDefault(…)");
    expectRefused('@(context.Request["x"])', "[", "indexing with '[…]' is not supported");
    expectRefused('@("abc"[0])', "[", "indexing with '[…]' is not supported");
  });

  it("refuses casts, assignments, lambdas and other operators", () => {
    expectRefused('@((string)context.Variables["x"])', "(string)", "casts like '(string)' are not supported");
    expectRefused('@(context.Request.Method = "POST")', "=", "assignment is not supported (did you mean '=='?)");
    expectRefused('@(context.Request.Method += "x")', "+=", "assignment is not supported");
    expectRefused("@(context.Request.Method => 1)", "=>", "lambdas are not supported");
    expectRefused("@(1 - 2)", "-", `operator '-' is not supported (supported: ${SUPPORTED_OPERATORS})`);
    expectRefused("@(-1)", "-", `operator '-' is not supported (supported: ${SUPPORTED_OPERATORS})`);
    expectRefused("@(2 * 3)", "*", `operator '*' is not supported (supported: ${SUPPORTED_OPERATORS})`);
    expectRefused("@(true & false)", "&", `operator '&' is not supported (supported: ${SUPPORTED_OPERATORS})`);
  });

  it("refuses a semicolon in @(…), pointing to the block form", () => {
    expectRefused("@(context.Request.Method;)", ";", "';' is not allowed in @(…): for a statement use @{ return …; }");
    expectRefused('@(context.Request.Method; System.IO.File.Delete("x"))', ";", "';' is not allowed in @(…): for a statement use @{ return …; }");
  });

  it("refuses literals C# has but the subset does not", () => {
    expectRefused("@(1.5)", "1.5", "only integer literals are supported");
    expectRefused("@(10L)", "10L", "only integer literals are supported");
    expectRefused("@(0x1F)", "0x1F", "only integer literals are supported");
    expectRefused("@(2147483648)", "2147483648", "integer literal is larger than 2147483647");
    expectRefused("@('a')", "'", 'character literals are not supported; use a "string"');
    expectRefused('@($"{context.Api.Id}")', '$"', "interpolated strings ($\"…\") are not supported; join strings with '+'");
  });

  it("refuses broken strings at the string", () => {
    expectRefused('@("abc)', '"abc)', "unterminated string literal");
    expectRefused('@(@"abc)', '@"abc)', "unterminated string literal");
    expectRefused('@("line\nbreak")', '"line', "unterminated string literal");
    expectRefused('@("a\\qb")', "\\q", "unsupported escape sequence '\\q' (supported: \\\" \\\\ \\n \\t \\r \\0 \\' \\uXXXX)");
    expectRefused('@("\\u12")', "\\u12", "\\u must be followed by 4 hexadecimal digits");
    expectRefused('@("\\uZZZZ")', "\\u", "\\u must be followed by 4 hexadecimal digits");
  });

  it("refuses characters that are no part of C#'s expressions", () => {
    expectRefused("@(context#)", "#", "unexpected character '#'");
    expectRefused("@(`x`)", "`", "unexpected character '`'");
    expectRefused("@(😀)", "😀", "unexpected character '😀'");
  });

  it("refuses unclosed parentheses at the parenthesis that is not closed", () => {
    expect(compileExpression("@(context.Request.Method")).toEqual({ ok: false, offset: 0, length: 2, message: "'@(' is never closed: expected ')'" });
    expectRefused('@(("a" + "b"', "(", "'(' is never closed: expected ')'", 2);
    expectRefused('@(context.Request.Headers.GetValueOrDefault("a"', "(", "'(' is never closed: expected ')'", 10);
  });

  it("refuses missing values and stray tokens", () => {
    expectRefused("@()", ")", "unexpected ')' (expected a value)");
    expectRefused("@(1 +)", ")", "unexpected ')' (expected a value)");
    expect(compileExpression("@(1 +")).toEqual({ ok: false, offset: 5, length: 0, message: "unexpected end of expression (expected a value)" });
    expectRefused("@(1 2)", "2", "unexpected '2' (expected ')')");
    expectRefused('@(true ? "a")', ")", "unexpected ')' (expected ':')");
    expectRefused("@(1) + 2", "+", "unexpected '+' after the end of the expression");
    expectRefused("@(context.)", ")", "expected a member name after '.'");
    expectRefused('@("a"."b")', '"b"', "expected a member name after '.'");
  });

  it("accepts whitespace after the closing parenthesis", () => {
    expect(run("@(1)  \n")).toBe(1);
  });
});

describe("type checks", () => {
  it("refuses operands of the wrong type at the operator", () => {
    expectRefused("@(true + 1)", "+", "operator '+' cannot be applied to bool and int");
    expectRefused("@(null + null)", "+", "operator '+' cannot be applied to null and null");
    expectRefused('@("a" < 1)', "<", "operator '<' needs int operands (got string and int)");
    expectRefused("@(1 < 2 < 3)", "<", "operator '<' needs int operands (got bool and int)", 6);
    expectRefused('@(1 == "1")', "==", "cannot compare int and string with '=='");
    expectRefused('@(true != "true")', "!=", "cannot compare bool and string with '!='");
    expectRefused('@("a" && true)', "&&", "operator '&&' needs bool operands (got string and bool)");
    expectRefused("@(true || 1)", "||", "operator '||' needs bool operands (got bool and int)");
    expectRefused("@(true && true && 1)", "&&", "operator '&&' needs bool operands (got bool and int)", 10);
    expectRefused('@(!"a")', "!", "operator '!' needs a bool operand (got string)");
    expectRefused('@("a" ?? 1)', "??", "operator '??' cannot be applied to string and int");
  });

  it("refuses a ?: whose condition is not bool or whose branches differ", () => {
    expectRefused('@(context.Request.Method ? "a" : "b")', "context.Request.Method", "the condition of '?:' must be bool (got string)");
    expectRefused('@(true ? "a" : 1)', ":", "the branches of '?:' have different types (string and int)");
  });

  it("refuses members the value's type does not have", () => {
    expectRefused("@(1.ToLower())", "ToLower", "unknown member 'ToLower' of int (supported: ToString())");
    expectRefused("@(true.Length)", "Length", "unknown member 'Length' of bool (supported: ToString())");
    expectRefused("@(null.ToString())", "ToString", "cannot read member 'ToString' of null");
  });

  it("checks string methods' arguments", () => {
    expectRefused('@("a".StartsWith())', "()", "'StartsWith' takes 1 argument (got 0)");
    expectRefused('@("a".EndsWith("a", "b"))', '("a", "b")', "'EndsWith' takes 1 argument (got 2)");
    expectRefused('@("a".ToUpper("tr"))', '("tr")', "'ToUpper' takes 0 arguments (got 1)");
    expectRefused('@("a".Contains(1))', "1", "argument 1 of 'Contains' must be string (got int)");
  });
});

describe("hostile input", () => {
  it("refuses 10,000 nested parentheses at the 65th instead of overflowing the stack", () => {
    const source = `@(${"(".repeat(10_000)}1${")".repeat(10_000)})`;
    expect(compileExpression(source)).toEqual({ ok: false, offset: 2 + 64, length: 1, message: "expression nests too deeply (more than 64 levels)" });
  });

  it("accepts 64 nested parentheses", () => {
    expect(run(`@(${"(".repeat(64)}1${")".repeat(64)})`)).toBe(1);
  });

  it("refuses deep nesting through !, ?: and call arguments too", () => {
    const nots = `@(${"!".repeat(10_000)}true)`;
    expect(compileExpression(nots)).toMatchObject({ ok: false, offset: 2 + 64, length: 1 });
    const ternaries = `@(${"true ? 1 : ".repeat(10_000)}0)`;
    expect(compileExpression(ternaries)).toMatchObject({ ok: false, message: "expression nests too deeply (more than 64 levels)" });
    const calls = `@(${'context.Request.Headers.GetValueOrDefault("a", '.repeat(10_000)}"x"${")".repeat(10_000)})`;
    expect(compileExpression(calls)).toMatchObject({ ok: false, message: "expression nests too deeply (more than 64 levels)" });
  });

  it("evaluates a 100,000-operand chain in a loop, not 100,000 nested calls", () => {
    const concatenation = `@(${'"a" + '.repeat(100_000)}"b")`;
    expect(run(concatenation)).toBe(`${"a".repeat(100_000)}b`);
    const conditions = `@(${"true && ".repeat(100_000)}false)`;
    expect(run(conditions)).toBe(false);
    const fallbacks = `@(${"null ?? ".repeat(100_000)}"last")`;
    expect(run(fallbacks)).toBe("last");
    const methods = `@("A"${".ToLower()".repeat(100_000)})`;
    expect(run(methods)).toBe("a");
  });

  it("compiles a megabyte string literal", () => {
    expect(run(`@("${"x".repeat(1_000_000)}".Length)`)).toBe(1_000_000);
  });

  it("never throws, whatever the context it is handed", () => {
    const throwing = fakeContext();
    throwing.request.headers.get = () => {
      throw new Error("broken headers");
    };
    expect(run('@(context.Request.Headers.GetValueOrDefault("a", "b"))', throwing)).toBeNull();
    const hollow = {} as PolicyContext;
    expect(run("@(context.Request.Url.Path)", hollow)).toBeNull();
    expect(run('@(context.User.Email ?? "anonymous")', hollow)).toBe("anonymous");
    const wrongTypes = fakeContext();
    Object.assign(wrongTypes.request, { ipAddress: 42, method: { toString: () => "GET" } });
    expect(run("@(context.Request.IpAddress)", wrongTypes)).toBeNull();
    expect(run('@(context.Request.Method == "GET")', wrongTypes)).toBe(false);
    expect(run('@(context.Request.Headers.GetValueOrDefault("a"))', null as unknown as PolicyContext)).toBeNull();
  });
});
