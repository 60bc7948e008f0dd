import { describe, expect, it } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import { compileInbound, runInbound } from "./compile-inbound-fixture";
import { policyContext } from "./policy-context-fixture";

const errorsOf = (text: string) => compilePolicyDocument(text, "api").diagnostics.filter((d) => d.severity === "error").map((d) => d.message);

describe("set-query-parameter refuses, when saved", () => {
  it.each([
    ["no name", '<set-query-parameter><value>1</value></set-query-parameter>', "<set-query-parameter> needs the attribute 'name'"],
    ["an empty name", '<set-query-parameter name=""><value>1</value></set-query-parameter>', "a query parameter name cannot be empty"],
    ["no value unless deleting", '<set-query-parameter name="api-key" exists-action="skip" />', '<set-query-parameter> needs at least one <value> (only exists-action="delete" takes none)'],
    [
      "an unknown exists-action",
      '<set-query-parameter name="a" exists-action="merge"><value>1</value></set-query-parameter>',
      "'exists-action' of <set-query-parameter> must be one of 'override', 'skip', 'append', 'delete', not 'merge'",
    ],
    ["another child", '<set-query-parameter name="a"><val>1</val></set-query-parameter>', "<set-query-parameter> contains <value> elements, not <val>"],
  ])("%s", (_name, policy, message) => {
    expect(compileInbound(policy).errors).toEqual([message]);
  });

  it("is not allowed in <outbound>", () => {
    const text = '<policies><outbound><set-query-parameter name="a"><value>1</value></set-query-parameter></outbound></policies>';
    expect(errorsOf(text)).toEqual(["<set-query-parameter> is not allowed in <outbound> (allowed in: <inbound>, <backend>)"]);
  });
});

describe("set-query-parameter changes the backend request's query", () => {
  const run = (policy: string, query: Record<string, string | string[]> = {}) => {
    const ctx = policyContext({ query });
    return { decision: runInbound(policy, ctx), query: ctx.request.url.query };
  };

  it("override (the default) replaces every value", () => {
    const { decision, query } = run('<set-query-parameter name="api-key"><value>12345678901</value></set-query-parameter>', { "api-key": ["a", "b"] });
    expect(decision).toEqual({ ok: true });
    expect(query.getAll("api-key")).toEqual(["12345678901"]);
  });

  it("skip keeps the caller's value (APIM's example)", () => {
    const policy = '<set-query-parameter name="api-key" exists-action="skip"><value>12345678901</value></set-query-parameter>';
    expect(run(policy, { "api-key": "mine" }).query.getAll("api-key")).toEqual(["mine"]);
    expect(run(policy).query.getAll("api-key")).toEqual(["12345678901"]);
  });

  it("append adds values", () => {
    expect(run('<set-query-parameter name="t" exists-action="append"><value>2</value><value>3</value></set-query-parameter>', { t: "1" }).query.getAll("t")).toEqual(["1", "2", "3"]);
  });

  it("delete removes the parameter", () => {
    expect(run('<set-query-parameter name="debug" exists-action="delete" />', { debug: "1" }).query.has("debug")).toBe(false);
  });

  it("treats names case-sensitively, as APIM does", () => {
    const { query } = run('<set-query-parameter name="Mode" exists-action="skip"><value>b</value></set-query-parameter>', { mode: "a" });
    expect(query.getAll("mode")).toEqual(["a"]);
    expect(query.getAll("Mode")).toEqual(["b"]);
  });

  it("passes the product name from the context (APIM's example), and any characters: the gateway encodes them", () => {
    const policy = '<set-query-parameter name="product"><value>@(context.Product.Name)</value></set-query-parameter>';
    const ctx = policyContext({ product: { id: "starter", name: "Starter & Co\r\n" } });
    expect(runInbound(policy, ctx)).toEqual({ ok: true });
    expect(ctx.request.url.query.getAll("product")).toEqual(["Starter & Co\r\n"]);
  });
});
