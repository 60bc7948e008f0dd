import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { expect } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import { composeInbound, runSteps } from "@/gateway/policies/pipeline";
import type { Decision, JwtServices, PolicyContext, PublicJwk, Step } from "@/gateway/policies/policy";
import { FakeClock, policyContext, type PolicyContextOverrides } from "./policy-context-fixture";

/** Shared set-up of the validate-jwt tests: keys, token makers, and compile-and-decide helpers. */

export const SECRET = new Uint8Array(32).fill(7);
export const SECRET_B64 = Buffer.from(SECRET).toString("base64");
export const HS_KEYS = `<issuer-signing-keys><key>${SECRET_B64}</key></issuer-signing-keys>`;
export const IDP = "https://idp.example/.well-known/openid-configuration";
export const ISSUER = "https://idp.example/";

/** The asymmetric keys the tests sign with; generate them once per file, in beforeAll. */
export interface TestKeyPairs {
  rsa: CryptoKeyPair;
  rsaJwk: PublicJwk;
  otherRsa: CryptoKeyPair;
  ec: CryptoKeyPair;
  ecJwk: PublicJwk;
}

/** Generates two RSA key pairs and an EC one, with the public JWKs of the first RSA and the EC key. */
export async function testKeyPairs(): Promise<TestKeyPairs> {
  const rsa = await generateKeyPair("RS256");
  const otherRsa = await generateKeyPair("RS256");
  const ec = await generateKeyPair("ES256");
  const rsaJwk = { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1" } as PublicJwk;
  const ecJwk = { ...(await exportJWK(ec.publicKey)), kid: "ec-1" } as PublicJwk;
  return { rsa, rsaJwk, otherRsa, ec, ecJwk };
}

/** Compiles `<validate-jwt …>` as the API document's only policy. */
export function compile(policy: string): Step[] {
  const result = compilePolicyDocument(`<policies><inbound>${policy}</inbound></policies>`, "api");
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return composeInbound(null, null, result.document);
}

export const clock = new FakeClock();
export const now = () => Math.floor(clock.time / 1000);

export function context(overrides: PolicyContextOverrides & { jwt?: JwtServices } = {}): PolicyContext {
  const { jwt, ...rest } = overrides;
  return policyContext({ clock, ...rest, services: jwt ? { jwt, ...rest.services } : rest.services });
}

/** Runs the steps and awaits the decision (which may be synchronous). */
export async function decide(steps: Step[], ctx: PolicyContext): Promise<Decision> {
  return await runSteps(steps, ctx);
}

export function refusal(reason: string, message: string, status = 401): Decision {
  return { ok: false, status, reason, message, source: "validate-jwt" };
}

export const withExp = (claims: JWTPayload): JWTPayload => ({ exp: now() + 300, ...claims });

export function hs256(claims: JWTPayload = {}, header: Record<string, unknown> = {}, secret: Uint8Array = SECRET): Promise<string> {
  return new SignJWT(withExp(claims)).setProtectedHeader({ alg: "HS256", ...header }).sign(secret);
}

export function signed(key: CryptoKey, alg: string, claims: JWTPayload = {}, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(withExp(claims)).setProtectedHeader({ alg, ...header }).sign(key);
}

export const b64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
/** A token assembled by hand, as an attacker would. */
export const raw = (header: unknown, claims: unknown, signature = "c2ln") => `${b64url(header)}.${b64url(claims)}.${signature}`;

/** JwtServices over a fixed key set, recording calls. */
export function fakeProvider(keys: PublicJwk[], issuer: string | null = ISSUER): JwtServices & { calls: [string, string | undefined][]; keySet: { issuer: string | null; keys: PublicJwk[] } } {
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
