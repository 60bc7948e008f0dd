import { SignJWT } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { runSteps } from "@/gateway/policies/pipeline";
import type { PublicJwk } from "@/gateway/policies/policy";
import { MESSAGES } from "@/gateway/policies/jwt/validate-jwt-config";
import { b64url, compile, context, decide, fakeProvider, hs256, HS_KEYS, IDP, ISSUER, raw, refusal, SECRET, SECRET_B64, signed, testKeyPairs, withExp } from "./validate-jwt-fixture";

let rsa: CryptoKeyPair;
let rsaJwk: PublicJwk;
let otherRsa: CryptoKeyPair;

beforeAll(async () => {
  ({ rsa, rsaJwk, otherRsa } = await testKeyPairs());
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
