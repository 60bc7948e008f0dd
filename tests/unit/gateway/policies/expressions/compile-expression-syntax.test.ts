import { describe, expect, it } from "vitest";
import { compileExpression, isExpression } from "@/gateway/policies/expressions/compile-expression";
import { expectRefused, fakeContext, run } from "./compile-expression-fixture";

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
