import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import { composeInbound, runSteps } from "@/gateway/policies/pipeline";
import type { Decision, JwtServices, OpenIdKeys, PolicyContext, PublicJwk, Step } from "@/gateway/policies/policy";
import { MESSAGES, type Jwt } from "@/gateway/policies/jwt/validate-jwt-config";
import { FakeClock, policyContext, type PolicyContextOverrides } from "./policy-context-fixture";

const SECRET = new Uint8Array(32).fill(7);
const SECRET_B64 = Buffer.from(SECRET).toString("base64");
const HS_KEYS = `<issuer-signing-keys><key>${SECRET_B64}</key></issuer-signing-keys>`;
const IDP = "https://idp.example/.well-known/openid-configuration";
const ISSUER = "https://idp.example/";

let rsa: CryptoKeyPair;
let rsaJwk: PublicJwk;
let otherRsa: CryptoKeyPair;
let ec: CryptoKeyPair;
let ecJwk: PublicJwk;

beforeAll(async () => {
  rsa = await generateKeyPair("RS256");
  otherRsa = await generateKeyPair("RS256");
  ec = await generateKeyPair("ES256");
  rsaJwk = { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1" } as PublicJwk;
  ecJwk = { ...(await exportJWK(ec.publicKey)), kid: "ec-1" } as PublicJwk;
});

/** Compiles `<validate-jwt …>` as the API document's only policy. */
function compile(policy: string): Step[] {
  const result = compilePolicyDocument(`<policies><inbound>${policy}</inbound></policies>`, "api");
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return composeInbound(null, null, result.document);
}

const clock = new FakeClock();
const now = () => Math.floor(clock.time / 1000);

function context(overrides: PolicyContextOverrides & { jwt?: JwtServices } = {}): PolicyContext {
  const { jwt, ...rest } = overrides;
  return policyContext({ clock, ...rest, services: jwt ? { jwt, ...rest.services } : rest.services });
}

/** Runs the steps and awaits the decision (which may be synchronous). */
async function decide(steps: Step[], ctx: PolicyContext): Promise<Decision> {
  return await runSteps(steps, ctx);
}

function refusal(reason: string, message: string, status = 401): Decision {
  return { ok: false, status, reason, message, source: "validate-jwt" };
}

const withExp = (claims: JWTPayload): JWTPayload => ({ exp: now() + 300, ...claims });

function hs256(claims: JWTPayload = {}, header: Record<string, unknown> = {}, secret: Uint8Array = SECRET): Promise<string> {
  return new SignJWT(withExp(claims)).setProtectedHeader({ alg: "HS256", ...header }).sign(secret);
}

function signed(key: CryptoKey, alg: string, claims: JWTPayload = {}, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(withExp(claims)).setProtectedHeader({ alg, ...header }).sign(key);
}

const b64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
/** A token assembled by hand, as an attacker would. */
const raw = (header: unknown, claims: unknown, signature = "c2ln") => `${b64url(header)}.${b64url(claims)}.${signature}`;

/** JwtServices over a fixed key set, recording calls. */
function fakeProvider(keys: PublicJwk[], issuer: string | null = ISSUER): JwtServices & { calls: [string, string | undefined][]; keySet: { issuer: string | null; keys: PublicJwk[] } } {
  const keySet = { issuer, keys };
  const calls: [string, string | undefined][] = [];
  return {
    keySet,
    calls,
    openIdKeys(url, missingKid) {
      calls.push([url, missingKid]);
      return { ok: true, keySet };
    },
  };
}

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

describe("validate-jwt: hostile tokens", () => {
  const steps = compile(`<validate-jwt header-name="Authorization">${HS_KEYS}</validate-jwt>`);
  const rsaSteps = () => compile(`<validate-jwt header-name="Authorization"><issuer-signing-keys><key n="${rsaJwk.n}" e="${rsaJwk.e}" /></issuer-signing-keys></validate-jwt>`);
  const present = (token: string) => context({ headers: { Authorization: `Bearer ${token}` } });

  it("refuses alg none in any spelling, and a token with an empty signature", async () => {
    const unsigned = refusal("JwtInvalid", "Invalid JWT: the token is not signed.");
    expect(await decide(steps, present(`${b64url({ alg: "none" })}.${b64url(withExp({}))}.`))).toEqual(unsigned);
    expect(await decide(steps, present(`${b64url({ alg: "None" })}.${b64url(withExp({}))}.c2ln`))).toEqual(unsigned);
    const real = await hs256();
    expect(await decide(steps, present(real.slice(0, real.lastIndexOf(".") + 1)))).toEqual(unsigned);
  });

  it("never verifies HS256 with an RSA public key as the HMAC secret (algorithm confusion)", async () => {
    // The attacker signs with the bytes of the published public key, in every form a library might use as a secret.
    const pem = Buffer.from(JSON.stringify(rsaJwk));
    const modulus = Buffer.from(rsaJwk.n!, "base64url");
    const onlyRsa = rsaSteps();
    for (const secret of [pem, modulus]) {
      const forged = await hs256({}, {}, new Uint8Array(secret));
      expect(await decide(onlyRsa, present(forged))).toEqual(refusal("TokenSignatureKeyNotFound", MESSAGES.keyNotFound));
    }
    // With an HMAC key beside it, the RSA key is still never offered to HS256.
    const both = compile(
      `<validate-jwt header-name="Authorization"><issuer-signing-keys><key n="${rsaJwk.n}" e="${rsaJwk.e}" /><key>${SECRET_B64}</key></issuer-signing-keys></validate-jwt>`,
    );
    expect(await decide(both, present(await hs256({}, {}, new Uint8Array(modulus))))).toEqual(refusal("TokenSignatureInvalid", MESSAGES.signature));
  });

  it("never verifies HS256 with a JWKS key, even an 'oct' one a provider published", async () => {
    const k = Buffer.from(SECRET).toString("base64url");
    const provider = fakeProvider([{ kty: "oct", k } as PublicJwk, rsaJwk]);
    const steps = compile(`<validate-jwt header-name="Authorization"><openid-config url="${IDP}" /></validate-jwt>`);
    const forged = await hs256({ iss: ISSUER });
    expect(await decide(steps, context({ jwt: provider, headers: { Authorization: `Bearer ${forged}` } }))).toEqual(
      refusal("TokenSignatureKeyNotFound", MESSAGES.keyNotFound),
    );
  });

  it("refuses a forged signature and a tampered payload", async () => {
    const steps = rsaSteps();
    expect(await decide(steps, present(await signed(otherRsa.privateKey, "RS256")))).toEqual(refusal("TokenSignatureInvalid", MESSAGES.signature));
    const good = await signed(rsa.privateKey, "RS256", { sub: "alice" });
    const [header, , signature] = good.split(".");
    const tampered = `${header}.${b64url(withExp({ sub: "admin" }))}.${signature}`;
    expect(await decide(steps, present(good))).toEqual({ ok: true });
    expect(await decide(steps, present(tampered))).toEqual(refusal("TokenSignatureInvalid", MESSAGES.signature));
  });

  it("refuses a token signed RS256 but labelled PS256 (the key verifies its own algorithm only)", async () => {
    const steps = rsaSteps();
    const rs = await signed(rsa.privateKey, "RS256");
    const [, payload, signature] = rs.split(".");
    expect(await decide(steps, present(`${b64url({ alg: "PS256" })}.${payload}.${signature}`))).toEqual(refusal("TokenSignatureInvalid", MESSAGES.signature));
  });

  it("refuses an oversized token without parsing it or asking for keys", () => {
    const provider = { openIdKeys: vi.fn() };
    const steps = compile(`<validate-jwt header-name="Authorization"><openid-config url="${IDP}" /></validate-jwt>`);
    const huge = raw({ alg: "RS256" }, { pad: "x".repeat(16 * 1024) });
    const decision = runSteps(steps, context({ jwt: provider, headers: { Authorization: `Bearer ${huge}` } }));
    expect(decision).toEqual(refusal("JwtInvalid", "Invalid JWT: longer than 16384 characters."));
    expect(provider.openIdKeys).not.toHaveBeenCalled();
  });

  it("refuses garbage: bad base64, non-JSON, a JSON array, two or four segments, crit/b64 headers, a non-string kid", async () => {
    const invalid = refusal("JwtInvalid", "Invalid JWT.");
    const claims = withExp({});
    for (const token of [
      "not-a-jwt",
      "a.b",
      `${b64url({ alg: "HS256" })}.${b64url(claims)}.sig.extra`,
      `${b64url({ alg: "HS256" })}!.${b64url(claims)}.c2ln`,
      `${b64url({ alg: "HS256" })}.${b64url(claims)}.c2l+`,
      `${b64url("{not json")}.${b64url(claims)}.c2ln`,
      `${b64url([1, 2])}.${b64url(claims)}.c2ln`,
      raw({ alg: "HS256" }, [1]),
      raw({ alg: "HS256", crit: ["exp"] }, claims),
      raw({ alg: "HS256", b64: false }, claims),
      raw({ alg: "HS256", kid: 7 }, claims),
      raw({}, claims),
      `${Buffer.from([0xff, 0xfe]).toString("base64url")}.${b64url(claims)}.c2ln`,
    ]) {
      expect(runSteps(steps, present(token)), token).toEqual(invalid);
    }
  });

  it("refuses encrypted tokens (JWE) and algorithms it does not verify", () => {
    expect(runSteps(steps, present("a.b.c.d.e"))).toEqual(refusal("JwtInvalid", "Invalid JWT: encrypted tokens (JWE) are not supported."));
    expect(runSteps(steps, present(raw({ alg: "HS1" }, withExp({}))))).toEqual(refusal("JwtInvalid", "Invalid JWT: the signing algorithm is not supported."));
    expect(runSteps(steps, present(raw({ alg: "EdDSA" }, withExp({}))))).toEqual(refusal("JwtInvalid", "Invalid JWT: the signing algorithm is not supported."));
  });

  it("refuses HS512 with a 256-bit secret (a key shorter than the hash is never used)", async () => {
    const token = await new SignJWT(withExp({})).setProtectedHeader({ alg: "HS512" }).sign(SECRET);
    expect(await decide(steps, present(token))).toEqual(refusal("TokenSignatureKeyNotFound", MESSAGES.keyNotFound));
  });
});

describe("validate-jwt: lifetime", () => {
  const steps = compile(`<validate-jwt header-name="Authorization">${HS_KEYS}</validate-jwt>`);
  const skewed = compile(`<validate-jwt header-name="Authorization" clock-skew="60">${HS_KEYS}</validate-jwt>`);
  const present = (token: string) => context({ headers: { Authorization: `Bearer ${token}` } });
  const expired = refusal("TokenExpired", "Lifetime validation failed. The token is expired. Access denied.");

  it("refuses an expired token synchronously, without verifying it", async () => {
    const token = await hs256({ exp: now() - 1 });
    expect(runSteps(steps, present(token))).toEqual(expired);
    expect(runSteps(steps, present(await hs256({ exp: now() })))).toEqual(expired);
  });

  it("allows clock-skew seconds either side of exp and nbf", async () => {
    expect(await decide(skewed, present(await hs256({ exp: now() - 30 })))).toEqual({ ok: true });
    expect(await decide(skewed, present(await hs256({ exp: now() - 61 })))).toEqual(expired);
    expect(await decide(skewed, present(await hs256({ nbf: now() + 30 })))).toEqual({ ok: true });
    expect(await decide(skewed, present(await hs256({ nbf: now() + 61 })))).toEqual(refusal("JwtInvalid", "Lifetime validation failed. The token is not yet valid."));
  });

  it("refuses a token that is not yet valid", async () => {
    expect(await decide(steps, present(await hs256({ nbf: now() + 5 })))).toEqual(refusal("JwtInvalid", "Lifetime validation failed. The token is not yet valid."));
  });

  it("requires exp unless require-expiration-time is false", async () => {
    const noExp = await new SignJWT({ sub: "a" }).setProtectedHeader({ alg: "HS256" }).sign(SECRET);
    expect(await decide(steps, present(noExp))).toEqual(refusal("JwtInvalid", "Lifetime validation failed. The token has no expiration time."));
    const optional = compile(`<validate-jwt header-name="Authorization" require-expiration-time="false">${HS_KEYS}</validate-jwt>`);
    expect(await decide(optional, present(noExp))).toEqual({ ok: true });
  });

  it("refuses exp or nbf that are not numbers", async () => {
    const badTime = refusal("JwtInvalid", "Lifetime validation failed. The token's 'exp' or 'nbf' is not a number.");
    expect(await decide(steps, present(await hs256({ exp: "tomorrow" as unknown as number })))).toEqual(badTime);
    expect(await decide(steps, present(await hs256({ nbf: "now" as unknown as number })))).toEqual(badTime);
  });
});

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

describe("validate-jwt: keys", () => {
  const present = (token: string, jwt?: JwtServices) => context({ jwt, headers: { Authorization: `Bearer ${token}` } });

  it("picks a document key by id (kid), and tries unnamed keys otherwise", async () => {
    const steps = compile(
      `<validate-jwt header-name="Authorization"><issuer-signing-keys><key id="old" n="${rsaJwk.n}" e="${rsaJwk.e}" /><key id="new" n="${(await exportJWK(otherRsa.publicKey)).n}" e="AQAB" /></issuer-signing-keys></validate-jwt>`,
    );
    expect(await decide(steps, present(await signed(otherRsa.privateKey, "RS256", {}, { kid: "new" })))).toEqual({ ok: true });
    expect(await decide(steps, present(await signed(rsa.privateKey, "RS256", {}, { kid: "old" })))).toEqual({ ok: true });
    // Labelled for another key: the right key is not even tried.
    expect(await decide(steps, present(await signed(rsa.privateKey, "RS256", {}, { kid: "new" })))).toEqual(refusal("TokenSignatureInvalid", MESSAGES.signature));
    // No kid: every RSA key is tried.
    expect(await decide(steps, present(await signed(otherRsa.privateKey, "RS256")))).toEqual({ ok: true });
    // A key without an id serves any kid.
    const unnamed = compile(
      `<validate-jwt header-name="Authorization"><issuer-signing-keys><key id="old" n="${rsaJwk.n}" e="${rsaJwk.e}" /><key n="${(await exportJWK(otherRsa.publicKey)).n}" e="AQAB" /></issuer-signing-keys></validate-jwt>`,
    );
    expect(await decide(unnamed, present(await signed(otherRsa.privateKey, "RS256", {}, { kid: "2024-rotation" })))).toEqual({ ok: true });
  });

  it("verifies with an OpenID provider's keys (RSA and EC) and holds the token to the provider's issuer", async () => {
    const provider = fakeProvider([rsaJwk, ecJwk]);
    const steps = compile(`<validate-jwt header-name="Authorization"><openid-config url="${IDP}" /></validate-jwt>`);
    expect(await decide(steps, present(await signed(rsa.privateKey, "RS256", { iss: ISSUER }, { kid: "rsa-1" }), provider))).toEqual({ ok: true });
    expect(await decide(steps, present(await signed(ec.privateKey, "ES256", { iss: ISSUER }, { kid: "ec-1" }), provider))).toEqual({ ok: true });
    expect(await decide(steps, present(await signed(rsa.privateKey, "RS256", { iss: "https://other.example/" }, { kid: "rsa-1" }), provider))).toEqual(
      refusal("TokenIssuerNotAllowed", MESSAGES.issuer),
    );
    expect(provider.calls[0]).toEqual([IDP, undefined]);
  });

  it("accepts an <issuer> beside the provider's own", async () => {
    const provider = fakeProvider([rsaJwk]);
    const steps = compile(`<validate-jwt header-name="Authorization"><openid-config url="${IDP}" /><issuers><issuer>https://legacy.example/</issuer></issuers></validate-jwt>`);
    expect(await decide(steps, present(await signed(rsa.privateKey, "RS256", { iss: "https://legacy.example/" }, { kid: "rsa-1" }), provider))).toEqual({ ok: true });
    expect(await decide(steps, present(await signed(rsa.privateKey, "RS256", { iss: ISSUER }, { kid: "rsa-1" }), provider))).toEqual({ ok: true });
  });

  it("asks the provider again for an unknown kid, and uses the refetched keys", async () => {
    let keys: PublicJwk[] = [rsaJwk];
    const rotated = { ...(await exportJWK(otherRsa.publicKey)), kid: "rsa-2" } as PublicJwk;
    const calls: (string | undefined)[] = [];
    const provider: JwtServices = {
      openIdKeys(_url, missingKid) {
        calls.push(missingKid);
        if (missingKid !== undefined) keys = [rsaJwk, rotated];
        return Promise.resolve<OpenIdKeys>({ ok: true, keySet: { issuer: ISSUER, keys } });
      },
    };
    const steps = compile(`<validate-jwt header-name="Authorization"><openid-config url="${IDP}" /></validate-jwt>`);
    expect(await decide(steps, present(await signed(otherRsa.privateKey, "RS256", { iss: ISSUER }, { kid: "rsa-2" }), provider))).toEqual({ ok: true });
    expect(calls).toEqual([undefined, "rsa-2"]);
  });

  it("refuses an unknown kid the provider does not have, without verifying anything", async () => {
    const provider = fakeProvider([rsaJwk]);
    const steps = compile(`<validate-jwt header-name="Authorization"><openid-config url="${IDP}" /></validate-jwt>`);
    const decision = runSteps(steps, present(await signed(rsa.privateKey, "RS256", { iss: ISSUER }, { kid: "random-123" }), provider));
    // Cached keys and a rate-limited refetch: answered synchronously.
    expect(decision).toEqual(refusal("TokenSignatureKeyNotFound", MESSAGES.keyNotFound));
    expect(provider.calls).toEqual([
      [IDP, undefined],
      [IDP, "random-123"],
    ]);
  });

  it("refuses with the failed-validation code when the provider's keys cannot be fetched", async () => {
    const down: JwtServices = { openIdKeys: () => Promise.resolve({ ok: false, error: "connect ECONNREFUSED" }) };
    const steps = compile(`<validate-jwt header-name="Authorization" failed-validation-httpcode="503"><openid-config url="${IDP}" /></validate-jwt>`);
    expect(await decide(steps, present(await signed(rsa.privateKey, "RS256", {}, { kid: "rsa-1" }), down))).toEqual(
      refusal("TokenSignatureKeyNotFound", "Signature validation failed. The signing keys could not be retrieved. Access denied.", 503),
    );
    const throwing: JwtServices = { openIdKeys: () => Promise.reject(new Error("boom")) };
    expect(await decide(steps, present(await signed(rsa.privateKey, "RS256", {}, { kid: "rsa-1" }), throwing))).toEqual(
      refusal("TokenSignatureKeyNotFound", "Signature validation failed. The signing keys could not be retrieved. Access denied.", 503),
    );
  });

  it("answers synchronously once a token was verified, until the provider's keys change", async () => {
    const provider = fakeProvider([rsaJwk]);
    const steps = compile(`<validate-jwt header-name="Authorization"><openid-config url="${IDP}" /></validate-jwt>`);
    const token = await signed(rsa.privateKey, "RS256", { iss: ISSUER }, { kid: "rsa-1" });
    const first = runSteps(steps, present(token, provider));
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toEqual({ ok: true });
    expect(runSteps(steps, present(token, provider))).toEqual({ ok: true });
    // Expiry is still checked on a cached token.
    clock.advance(301_000);
    expect(runSteps(steps, present(token, provider))).toEqual(refusal("TokenExpired", MESSAGES.expired));
    clock.advance(-301_000);
    // Another key set object (the provider's keys were refetched and changed) means verifying again.
    const changed: JwtServices = { openIdKeys: () => ({ ok: true, keySet: { issuer: ISSUER, keys: [rsaJwk] } }) };
    expect(runSteps(steps, present(token, changed))).toBeInstanceOf(Promise);
  });
});
