import { describe, expect, it } from "vitest";
import { compileExpression } from "@/gateway/policies/expressions/compile-expression";
import { CONTEXT_MEMBERS, expectRefused, run, STRING_MEMBERS, SUPPORTED_OPERATORS } from "./compile-expression-fixture";

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
