import { describe, expect, it } from "vitest";
import { compileInbound, runInbound } from "./compile-inbound-fixture";
import { policyContext } from "./policy-context-fixture";

describe("set-variable refuses, when saved", () => {
  it.each([
    ["no name", '<set-variable value="1" />', "<set-variable> needs the attribute 'name'"],
    ["no value", '<set-variable name="a" />', "<set-variable> needs the attribute 'value'"],
    ["an empty name", '<set-variable name=" " value="1" />', "'name' of <set-variable> cannot be empty"],
    ["an expression as the name", '<set-variable name="@(context.Api.Id)" value="1" />', "'name' of <set-variable> does not accept a policy expression"],
    ["an unknown attribute", '<set-variable name="a" value="1" type="bool" />', "<set-variable> has no attribute 'type' (known: name, value)"],
    ["content", '<set-variable name="a" value="1">x</set-variable>', '<set-variable> takes no content: write <set-variable name="…" value="…" />'],
  ])("%s", (_name, policy, message) => {
    expect(compileInbound(policy).errors).toEqual([message]);
  });
});

describe("set-variable", () => {
  const variables = (policy: string, headers: Record<string, string> = {}) => {
    const ctx = policyContext({ headers });
    expect(runInbound(policy, ctx)).toEqual({ ok: true });
    return Object.fromEntries(ctx.variables);
  };

  it("stores a literal as a string, as APIM does", () => {
    expect(variables('<set-variable name="limit" value="10" />')).toEqual({ limit: "10" });
  });

  it("keeps an expression's type: bool (APIM's isMobile example)", () => {
    const policy =
      '<set-variable name="IsMobile" value="@(context.Request.Headers.GetValueOrDefault("User-Agent","").Contains("iPad") || context.Request.Headers.GetValueOrDefault("User-Agent","").Contains("iPhone"))" />';
    expect(variables(policy, { "User-Agent": "Mozilla/5.0 (iPad)" })).toEqual({ IsMobile: true });
    expect(variables(policy, { "User-Agent": "curl/8" })).toEqual({ IsMobile: false });
  });

  it("keeps an expression's type: int and string", () => {
    expect(variables('<set-variable name="n" value="@(context.Api.Id.Length)" /><set-variable name="s" value="@(context.Api.Id.ToUpper())" />')).toEqual({ n: 4, s: "ECHO" });
  });

  it("is read back by later policies with GetValueOrDefault<T>", () => {
    const ctx = policyContext({ headers: { "User-Agent": "iPhone" } });
    const policy =
      '<set-variable name="isMobile" value="@(context.Request.Headers.GetValueOrDefault("User-Agent","").Contains("iPhone"))" />' +
      '<set-header name="X-Mobile"><value>@(context.Variables.GetValueOrDefault<bool>("isMobile") ? "yes" : "no")</value></set-header>';
    runInbound(policy, ctx);
    expect(ctx.request.headers.get("X-Mobile")).toBe("yes");
  });

  it("overwrites an earlier value", () => {
    expect(variables('<set-variable name="a" value="1" /><set-variable name="a" value="2" />')).toEqual({ a: "2" });
  });
});
