import { describe, expect, it } from "vitest";
import { compile, context, decide, hs256, HS_KEYS, now, refusal } from "./validate-jwt-fixture";

describe("validate-jwt: where the token comes from", () => {
  const bearer = compile(`<validate-jwt header-name="Authorization" require-scheme="Bearer">${HS_KEYS}</validate-jwt>`);

  it("accepts a signed token in 'Authorization: Bearer', the header name in any case", async () => {
    const token = await hs256();
    expect(await decide(bearer, context({ headers: { authorization: `Bearer ${token}` } }))).toEqual({ ok: true });
    expect(await decide(bearer, context({ headers: { AUTHORIZATION: `bearer ${token}` } }))).toEqual({ ok: true });
    const lower = compile(`<validate-jwt header-name="authorization">${HS_KEYS}</validate-jwt>`);
    expect(await decide(lower, context({ headers: { Authorization: `Bearer ${token}` } }))).toEqual({ ok: true });
  });

  it("answers APIM's 401 'JWT not present.' without a token, an empty header, or another scheme when one is required", async () => {
    const token = await hs256();
    const notPresent = refusal("TokenNotPresent", "JWT not present.");
    expect(await decide(bearer, context())).toEqual(notPresent);
    expect(await decide(bearer, context({ headers: { Authorization: "" } }))).toEqual(notPresent);
    expect(await decide(bearer, context({ headers: { Authorization: "Bearer " } }))).toEqual(notPresent);
    expect(await decide(bearer, context({ headers: { Authorization: `Basic ${token}` } }))).toEqual(notPresent);
    expect(await decide(bearer, context({ headers: { Authorization: token } }))).toEqual(notPresent);
  });

  it("strips a Bearer prefix from Authorization even without require-scheme, and takes a bare token there", async () => {
    const steps = compile(`<validate-jwt header-name="Authorization">${HS_KEYS}</validate-jwt>`);
    const token = await hs256();
    expect(await decide(steps, context({ headers: { Authorization: `Bearer ${token}` } }))).toEqual({ ok: true });
    expect(await decide(steps, context({ headers: { Authorization: token } }))).toEqual({ ok: true });
  });

  it("reads a custom header as it is (require-scheme is ignored there)", async () => {
    const steps = compile(`<validate-jwt header-name="X-Token" require-scheme="Bearer">${HS_KEYS}</validate-jwt>`);
    const token = await hs256();
    expect(await decide(steps, context({ headers: { "x-token": token } }))).toEqual({ ok: true });
    expect(await decide(steps, context({ headers: { "X-Token": `Bearer ${token}` } }))).toEqual(refusal("JwtInvalid", "Invalid JWT."));
  });

  it("reads a query parameter by its exact (case-sensitive) name", async () => {
    const steps = compile(`<validate-jwt query-parameter-name="access_token">${HS_KEYS}</validate-jwt>`);
    const token = await hs256();
    expect(await decide(steps, context({ query: { access_token: token } }))).toEqual({ ok: true });
    expect(await decide(steps, context({ query: { Access_Token: token } }))).toEqual(refusal("TokenNotPresent", "JWT not present."));
  });

  it("reads token-value from an expression", async () => {
    const steps = compile(`<validate-jwt token-value="@(context.Request.Headers.GetValueOrDefault(&quot;X-Jwt&quot;, &quot;&quot;))">${HS_KEYS}</validate-jwt>`);
    expect(await decide(steps, context({ headers: { "X-Jwt": await hs256() } }))).toEqual({ ok: true });
    expect(await decide(steps, context())).toEqual(refusal("TokenNotPresent", "JWT not present."));
  });

  it("refuses two tokens (a repeated header or query parameter) rather than pick one", async () => {
    const token = await hs256();
    const twice = refusal("JwtInvalid", "Invalid JWT: more than one token in the request.");
    expect(await decide(bearer, context({ headers: { Authorization: [`Bearer ${token}`, `Bearer ${token}`] } }))).toEqual(twice);
    const query = compile(`<validate-jwt query-parameter-name="t">${HS_KEYS}</validate-jwt>`);
    expect(await decide(query, context({ query: { t: [token, token] } }))).toEqual(twice);
  });

  it("uses failed-validation-httpcode and failed-validation-error-message for every refusal, keeping the reason", async () => {
    const steps = compile(
      `<validate-jwt header-name="Authorization" failed-validation-httpcode="403" failed-validation-error-message="Unauthorized. Access token is missing or invalid.">${HS_KEYS}</validate-jwt>`,
    );
    const custom = "Unauthorized. Access token is missing or invalid.";
    expect(await decide(steps, context())).toEqual(refusal("TokenNotPresent", custom, 403));
    expect(await decide(steps, context({ headers: { Authorization: `Bearer ${await hs256({ exp: now() - 10 })}` } }))).toEqual(refusal("TokenExpired", custom, 403));
  });
});
