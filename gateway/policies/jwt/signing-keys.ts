/**
 * Which keys may verify a token, and the verification itself (jose over Web Crypto, so the
 * browser can import this too). A key is only ever offered to the algorithm family of its own
 * type: an HS* token is checked with `<issuer-signing-keys>` secrets only, never with an RSA
 * or EC public key used as an HMAC secret (the algorithm-confusion attack).
 */
import { compactVerify, importJWK } from "jose";
import type { OpenIdKeySet, PublicJwk } from "../policy";
import { ALGORITHMS } from "./decode-token";

/** A key from the document's `<issuer-signing-keys>`, decoded once when the policy loads. */
export type DocumentKey =
  | { readonly kty: "oct"; readonly id: string | undefined; readonly secret: Uint8Array }
  | { readonly kty: "RSA"; readonly id: string | undefined; readonly n: string; readonly e: string };

/** A key a token may be verified with; `from` is the OpenID key set it came from (null: the document). */
export interface Candidate {
  readonly kid: string | undefined;
  readonly key: DocumentKey | PublicJwk;
  readonly from: { url: string; keySet: OpenIdKeySet } | null;
}

/** At most this many keys are tried for one token, so a kid-less token cannot cost unbounded verifications. */
const MAX_CANDIDATES = 16;

/**
 * The keys that may verify a token signed with `alg` naming `kid`: of the right type (and curve,
 * and length for secrets), not restricted to another algorithm or use. A token with a kid gets
 * the document keys with that id, then those without an id (APIM tries every key), and the
 * provider keys with exactly that kid; a token without one gets every key of the right type.
 */
export function selectCandidates(
  alg: string,
  kid: string | undefined,
  documentKeys: readonly DocumentKey[],
  keySets: readonly { url: string; keySet: OpenIdKeySet }[],
): Candidate[] {
  const algorithm = ALGORITHMS.get(alg);
  if (algorithm === undefined) return [];
  const named: Candidate[] = [];
  const unnamed: Candidate[] = [];
  for (const key of documentKeys) {
    if (key.kty !== algorithm.kty) continue;
    if (key.kty === "oct" && key.secret.length * 8 < algorithm.bits) continue;
    if (kid !== undefined && key.id === kid) named.push({ kid: key.id, key, from: null });
    else if (kid === undefined || key.id === undefined) unnamed.push({ kid: key.id, key, from: null });
  }
  // Secrets never come from a JWKS (the cache drops "oct" keys too): HS* stops at the document.
  if (algorithm.kty !== "oct") {
    for (const from of keySets) {
      for (const jwk of from.keySet.keys) {
        if (jwk.kty !== algorithm.kty || (algorithm.crv !== undefined && jwk.crv !== algorithm.crv)) continue;
        if (jwk.alg !== undefined && jwk.alg !== alg) continue;
        if (jwk.use !== undefined && jwk.use !== "sig") continue;
        if (jwk.key_ops !== undefined && !jwk.key_ops.includes("verify")) continue;
        if (kid !== undefined && jwk.kid !== kid) continue;
        named.push({ kid: jwk.kid, key: jwk, from });
      }
    }
  }
  const all = named.concat(unnamed);
  return all.length > MAX_CANDIDATES ? all.slice(0, MAX_CANDIDATES) : all;
}

/** The candidate whose key verifies `token`'s signature under `alg`, or null. Never rejects. */
export async function verifySignature(token: string, alg: string, candidates: readonly Candidate[]): Promise<Candidate | null> {
  for (const candidate of candidates) {
    const key = await cryptoKey(candidate.key, alg);
    if (key === null) continue;
    try {
      await compactVerify(token, key, { algorithms: [alg] });
      return candidate;
    } catch {
      // A wrong key, a forged signature or a key jose refuses (e.g. RSA under 2048 bits): try the next.
    }
  }
  return null;
}

/** Imported keys by key object and algorithm: each key is imported once per algorithm. */
const imported = new WeakMap<object, Map<string, Promise<CryptoKey | null>>>();

function cryptoKey(key: DocumentKey | PublicJwk, alg: string): Promise<CryptoKey | null> {
  let byAlg = imported.get(key);
  if (byAlg === undefined) imported.set(key, (byAlg = new Map()));
  let pending = byAlg.get(alg);
  if (pending === undefined) {
    pending = importKey(key, alg).catch(() => null);
    byAlg.set(alg, pending);
  }
  return pending;
}

async function importKey(key: DocumentKey | PublicJwk, alg: string): Promise<CryptoKey> {
  if ("secret" in key) {
    const hash = `SHA-${alg.slice(2)}`;
    return crypto.subtle.importKey("raw", key.secret as Uint8Array<ArrayBuffer>, { name: "HMAC", hash }, false, ["verify"]);
  }
  // Only the public members: a JWKS's alg/use/key_ops were checked in selectCandidates.
  const jwk = "id" in key || key.kty === "RSA" ? { kty: "RSA", n: key.n, e: key.e } : { kty: key.kty, crv: key.crv, x: key.x, y: key.y };
  const imported = await importJWK(jwk, alg);
  if (imported instanceof Uint8Array) throw new TypeError("a public key was expected");
  return imported;
}
