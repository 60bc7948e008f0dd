import { describe, expect, it } from "vitest";
import { compileExpression } from "@/gateway/policies/expressions/compile-expression";
import type { PolicyContext } from "@/gateway/policies/policy";
import { fakeContext, run } from "./compile-expression-fixture";

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
