import { describe, expect, it } from "vitest";
import type { Jwt } from "@/gateway/policies/jwt/validate-jwt-config";
import { compile, context, decide, hs256, HS_KEYS, now, refusal } from "./validate-jwt-fixture";

describe("validate-jwt: audiences, issuers and required claims", () => {
  const present = (token: string) => context({ headers: { Authorization: `Bearer ${token}` } });

  it("accepts a token for one of the audiences (aud as a string or an array) and refuses others", async () => {
    const steps = compile(`<validate-jwt header-name="Authorization">${HS_KEYS}<audiences><audience>chat</audience><audience>@(context.Request.Url.Host)</audience></audiences></validate-jwt>`);
    const wrong = refusal("TokenAudienceNotAllowed", "Audience validation failed. Access denied.");
    expect(await decide(steps, present(await hs256({ aud: "chat" })))).toEqual({ ok: true });
    expect(await decide(steps, present(await hs256({ aud: ["other", "gateway.test"] })))).toEqual({ ok: true });
    expect(await decide(steps, present(await hs256({ aud: "billing" })))).toEqual(wrong);
    expect(await decide(steps, present(await hs256({})))).toEqual(wrong);
    expect(await decide(steps, present(await hs256({ aud: ["Chat"] })))).toEqual(wrong);
  });

  it("accepts one of the issuers and refuses others", async () => {
    const steps = compile(`<validate-jwt header-name="Authorization">${HS_KEYS}<issuers><issuer>https://a.example/</issuer><issuer>https://b.example/</issuer></issuers></validate-jwt>`);
    expect(await decide(steps, present(await hs256({ iss: "https://b.example/" })))).toEqual({ ok: true });
    expect(await decide(steps, present(await hs256({ iss: "https://evil.example/" })))).toEqual(refusal("TokenIssuerNotAllowed", "Issuer validation failed. Access denied."));
    expect(await decide(steps, present(await hs256({})))).toEqual(refusal("TokenIssuerNotAllowed", "Issuer validation failed. Access denied."));
  });

  it("names the missing required claims (not ones inherited from Object.prototype)", async () => {
    const steps = compile(
      `<validate-jwt header-name="Authorization">${HS_KEYS}<required-claims><claim name="group"><value>finance</value></claim><claim name="constructor" /><claim name="tid" /></required-claims></validate-jwt>`,
    );
    expect(await decide(steps, present(await hs256({ tid: "t1" })))).toEqual(
      refusal("TokenClaimNotFound", "JWT token is missing the following claims: group, constructor. Access denied."),
    );
    expect(await decide(steps, present(await hs256({ group: "finance", constructor: "x", tid: "t1" })))).toEqual({ ok: true });
  });

  it("match='all' needs every value, match='any' one of them; arrays and separators split multi-valued claims", async () => {
    const steps = compile(
      `<validate-jwt header-name="Authorization">${HS_KEYS}<required-claims>
        <claim name="roles" match="all"><value>read</value><value>write</value></claim>
        <claim name="group" match="any" separator=","><value>finance</value><value>logistics</value></claim>
      </required-claims></validate-jwt>`,
    );
    expect(await decide(steps, present(await hs256({ roles: ["read", "write", "admin"], group: "hr, logistics" })))).toEqual({ ok: true });
    expect(await decide(steps, present(await hs256({ roles: ["read"], group: "finance" })))).toEqual(
      refusal("TokenClaimValueNotAllowed", "Claim roles value of read is not allowed. Access denied."),
    );
    expect(await decide(steps, present(await hs256({ roles: ["read", "write"], group: "hr,sales" })))).toEqual(
      refusal("TokenClaimValueNotAllowed", "Claim group value of hr, sales is not allowed. Access denied."),
    );
    // Without a separator, "finance,hr" is one value.
    const plain = compile(`<validate-jwt header-name="Authorization">${HS_KEYS}<required-claims><claim name="group"><value>finance</value></claim></required-claims></validate-jwt>`);
    expect(await decide(plain, present(await hs256({ group: "finance,hr" })))).toEqual(
      refusal("TokenClaimValueNotAllowed", "Claim group value of finance,hr is not allowed. Access denied."),
    );
  });

  it("keeps control characters and long values from the token out of the message", async () => {
    const steps = compile(`<validate-jwt header-name="Authorization">${HS_KEYS}<required-claims><claim name="group"><value>finance</value></claim></required-claims></validate-jwt>`);
    const decision = await decide(steps, present(await hs256({ group: `a\r\nSet-Cookie: x${"y".repeat(200)}` })));
    expect(decision).toEqual(
      refusal("TokenClaimValueNotAllowed", `Claim group value of a??Set-Cookie: x${"y".repeat(100 - "a??Set-Cookie: x".length)}… is not allowed. Access denied.`),
    );
  });

  it("puts APIM's Jwt object into output-token-variable-name", async () => {
    const steps = compile(`<validate-jwt header-name="Authorization" output-token-variable-name="jwt">${HS_KEYS}</validate-jwt>`);
    const exp = now() + 60;
    const ctx = present(await hs256({ exp, iat: exp - 120, sub: "alice", iss: "https://a.example/", aud: "chat", jti: "j1", roles: ["r", "w"], level: 3 }, { typ: "JWT" }));
    expect(await decide(steps, ctx)).toEqual({ ok: true });
    expect(ctx.variables.get("jwt")).toEqual({
      Id: "j1",
      Algorithm: "HS256",
      Issuer: "https://a.example/",
      Subject: "alice",
      Type: "JWT",
      Audiences: ["chat"],
      IssuedAt: new Date((exp - 120) * 1000),
      NotBefore: null,
      ExpirationTime: new Date(exp * 1000),
      Claims: { exp: [String(exp)], iat: [String(exp - 120)], sub: ["alice"], iss: ["https://a.example/"], aud: ["chat"], jti: ["j1"], roles: ["r", "w"], level: ["3"] },
    } satisfies Jwt);
  });
});
