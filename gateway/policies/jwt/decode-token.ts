/**
 * Strict, allocation-light decoding of a compact JWS (header.payload.signature) before any key
 * is touched: a hostile token is refused here, cheaply and without throwing. Web APIs only
 * (atob, TextDecoder): the portal's editor imports the policy that imports this.
 */

/** Tokens longer than this are refused without being parsed. */
export const MAX_TOKEN_CHARS = 16 * 1024;

/** The algorithms validate-jwt verifies, by the key type each needs. `none` is never among them. */
export const ALGORITHMS: ReadonlyMap<string, { kty: "oct" | "RSA" | "EC"; bits: number; crv?: string }> = new Map([
  ["HS256", { kty: "oct", bits: 256 }],
  ["HS384", { kty: "oct", bits: 384 }],
  ["HS512", { kty: "oct", bits: 512 }],
  ["RS256", { kty: "RSA", bits: 256 }],
  ["RS384", { kty: "RSA", bits: 384 }],
  ["RS512", { kty: "RSA", bits: 512 }],
  ["PS256", { kty: "RSA", bits: 256 }],
  ["PS384", { kty: "RSA", bits: 384 }],
  ["PS512", { kty: "RSA", bits: 512 }],
  ["ES256", { kty: "EC", bits: 256, crv: "P-256" }],
  ["ES384", { kty: "EC", bits: 384, crv: "P-384" }],
  ["ES512", { kty: "EC", bits: 512, crv: "P-521" }],
] as const);

export type TokenClaims = Record<string, unknown>;

export interface DecodedToken {
  alg: string;
  kid: string | undefined;
  typ: string | undefined;
  claims: TokenClaims;
}

/** Why a token could not be decoded, as the refusal's reason and default message. */
export type DecodeProblem = "too-large" | "encrypted" | "malformed" | "unsigned" | "unsupported-algorithm";

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes `token`'s header and claims; never throws. */
export function decodeToken(token: string): DecodedToken | DecodeProblem {
  if (token.length > MAX_TOKEN_CHARS) return "too-large";
  const first = token.indexOf(".");
  const second = first < 0 ? -1 : token.indexOf(".", first + 1);
  if (second < 0) return "malformed";
  const third = token.indexOf(".", second + 1);
  if (third >= 0) return token.split(".").length === 5 ? "encrypted" : "malformed";
  const header = decodeJsonObject(token.slice(0, first));
  if (header === null) return "malformed";
  const alg = header.alg;
  if (typeof alg !== "string") return "malformed";
  if (alg.toLowerCase() === "none") return "unsigned";
  // An empty signature is an unsigned token whatever its header says.
  if (second === token.length - 1) return "unsigned";
  if (!ALGORITHMS.has(alg)) return "unsupported-algorithm";
  // b64 and crit change how the signature is computed; a JWT uses neither (RFC 7797 §7).
  if (header.crit !== undefined || header.b64 !== undefined) return "malformed";
  const kid = header.kid;
  if (kid !== undefined && typeof kid !== "string") return "malformed";
  const typ = header.typ;
  if (typ !== undefined && typeof typ !== "string") return "malformed";
  if (!BASE64URL.test(token.slice(second + 1))) return "malformed";
  const claims = decodeJsonObject(token.slice(first + 1, second));
  if (claims === null) return "malformed";
  return { alg, kid, typ, claims };
}

/** A base64url segment holding a JSON object, or null. */
function decodeJsonObject(segment: string): Record<string, unknown> | null {
  const bytes = decodeBase64Url(segment);
  if (bytes === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return null;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Strict base64url (no padding, no other characters); null when it is not. */
export function decodeBase64Url(segment: string): Uint8Array | null {
  if (segment.length % 4 === 1 || !BASE64URL.test(segment)) return null;
  return decodeBase64(segment.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (segment.length % 4)) % 4));
}

/** Strict padded base64; null when it is not. */
export function decodeBase64(text: string): Uint8Array | null {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
