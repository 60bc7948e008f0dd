import { exportJWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { runSteps } from "@/gateway/policies/pipeline";
import type { JwtServices, OpenIdKeys, PublicJwk } from "@/gateway/policies/policy";
import { MESSAGES } from "@/gateway/policies/jwt/validate-jwt-config";
import { clock, compile, context, decide, fakeProvider, IDP, ISSUER, refusal, signed, testKeyPairs } from "./validate-jwt-fixture";

let rsa: CryptoKeyPair;
let rsaJwk: PublicJwk;
let otherRsa: CryptoKeyPair;
let ec: CryptoKeyPair;
let ecJwk: PublicJwk;

beforeAll(async () => {
  ({ rsa, rsaJwk, otherRsa, ec, ecJwk } = await testKeyPairs());
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
