import { describe, expect, it } from "vitest";
import { base64Utf8 } from "@/gateway/policies/authentication-basic";
import { compileInbound, runInbound } from "./compile-inbound-fixture";
import { policyContext } from "./policy-context-fixture";

describe("authentication-basic refuses, when saved", () => {
  it.each([
    ["no username", '<authentication-basic password="p" />', "<authentication-basic> needs the attribute 'username'"],
    ["no password", '<authentication-basic username="u" />', "<authentication-basic> needs the attribute 'password'"],
    [
      "a username with a colon",
      '<authentication-basic username="a:b" password="p" />',
      "'username' of <authentication-basic> cannot contain ':' (Basic authentication separates the username from the password with it)",
    ],
  ])("%s", (_name, policy, message) => {
    expect(compileInbound(policy).errors).toEqual([message]);
  });
});

describe("authentication-basic", () => {
  it("sends Authorization: Basic base64(username:password) (APIM's example)", () => {
    const ctx = policyContext();
    expect(runInbound('<authentication-basic username="testuser" password="testpassword" />', ctx)).toEqual({ ok: true });
    expect(ctx.request.headers.getAll("authorization")).toEqual(["Basic dGVzdHVzZXI6dGVzdHBhc3N3b3Jk"]);
  });

  it("replaces the client's own Authorization header", () => {
    const ctx = policyContext({ headers: { Authorization: ["Bearer client-token", "Basic other"] } });
    runInbound('<authentication-basic username="u" password="p" />', ctx);
    expect(ctx.request.headers.getAll("Authorization")).toEqual([`Basic ${btoa("u:p")}`]);
  });

  it("encodes UTF-8 before base64 (RFC 7617)", () => {
    const ctx = policyContext();
    runInbound('<authentication-basic username="Aladdin" password="open sesame€" />', ctx);
    // "open sesame€" as UTF-8 ends with E2 82 AC.
    expect(ctx.request.headers.get("Authorization")).toBe("Basic QWxhZGRpbjpvcGVuIHNlc2FtZeKCrA==");
  });

  it("allows a colon in the password", () => {
    const ctx = policyContext();
    runInbound('<authentication-basic username="u" password="a:b" />', ctx);
    expect(ctx.request.headers.get("Authorization")).toBe(`Basic ${btoa("u:a:b")}`);
  });

  it("evaluates expressions, and refuses with 500 a username expression that gives a colon", () => {
    const policy = '<authentication-basic username="@(context.Variables.GetValueOrDefault<string>("u"))" password="@(context.Subscription.Key)" />';
    const ok = policyContext({ variables: { u: "svc" }, subscription: { id: "s1", key: "k1", name: "S" } });
    expect(runInbound(policy, ok)).toEqual({ ok: true });
    expect(ok.request.headers.get("Authorization")).toBe(`Basic ${btoa("svc:k1")}`);
    expect(runInbound(policy, policyContext({ variables: { u: "a:b" } }))).toMatchObject({
      status: 500,
      reason: "ExpressionValueEvaluationFailure",
      message: "authentication-basic: the username expression gave a value containing ':'",
      source: "authentication-basic",
    });
  });

  it("cannot inject headers: CR/LF in a credential end up inside the base64", () => {
    const ctx = policyContext({ variables: { p: "x\r\nX-Admin: 1" } });
    runInbound('<authentication-basic username="u" password="@(context.Variables.GetValueOrDefault<string>("p"))" />', ctx);
    expect(ctx.request.headers.get("Authorization")).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
  });
});

describe("base64Utf8", () => {
  it.each([
    ["", ""],
    ["a", "YQ=="],
    ["ab", "YWI="],
    ["abc", "YWJj"],
    ["é", "w6k="],
    ["😀", "8J+YgA=="],
  ])("%j", (text, encoded) => {
    expect(base64Utf8(text)).toBe(encoded);
  });
});
