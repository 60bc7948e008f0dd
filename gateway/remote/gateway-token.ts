/**
 * APIM's self-hosted gateway token, `GatewayKey {gid}&{yyyyMMddHHmm}&{signature}`: made by the
 * portal, carried by a remote gateway on every request of the protocol (protocol.ts), checked by
 * the portal against the gateway's two keys.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** How far ahead a token may expire, as APIM allows. */
export const GATEWAY_TOKEN_MAX_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** The Authorization scheme of a gateway token. */
export const GATEWAY_TOKEN_SCHEME = "GatewayKey";

/** Why a request was refused before it was served. */
export type GatewayTokenRefusalCode = "GatewayTokenInvalid" | "GatewayTokenExpired" | "GatewayTokenRevoked" | "GatewayNotFound";

/** A refusal as the 401 body carries it. */
export interface GatewayTokenRefusal {
  code: GatewayTokenRefusalCode;
  message: string;
}

/** A token split into its parts; its signature is not checked yet. */
export interface GatewayTokenParts {
  gatewayId: string;
  /** The expiry exactly as written in the token (`yyyyMMddHHmm`, UTC): the signed text. */
  expiryStamp: string;
  expiry: Date;
  /** Base64 HMAC-SHA512 as written in the token. */
  signature: string;
}

/** The keys a token may have been made from. */
export interface GatewayTokenKeys {
  /** The gateway's current primary and secondary keys. */
  current: readonly string[];
  /** Keys regenerated since: a token made from one of them is revoked rather than forged. */
  retired?: readonly string[];
}

export type ParsedGatewayToken = { ok: true; parts: GatewayTokenParts } | { ok: false; refusal: GatewayTokenRefusal };
export type VerifiedGatewayToken = { ok: true } | { ok: false; refusal: GatewayTokenRefusal };

const GATEWAY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;
const STAMP_PATTERN = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/;
// 64 bytes of HMAC-SHA512 are 88 base64 characters, the last two "=".
const SIGNATURE_PATTERN = /^[A-Za-z0-9+/]{86}==$/;

const MALFORMED: GatewayTokenRefusal = {
  code: "GatewayTokenInvalid",
  message: `The Authorization header must be '${GATEWAY_TOKEN_SCHEME} {gatewayId}&{yyyyMMddHHmm}&{signature}', a token made by POST /gateways/{gatewayId}/generateToken.`,
};

/** `yyyyMMddHHmm` of a date in UTC, seconds dropped. */
export function formatGatewayTokenExpiry(expiry: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return (
    pad(expiry.getUTCFullYear(), 4) +
    pad(expiry.getUTCMonth() + 1) +
    pad(expiry.getUTCDate()) +
    pad(expiry.getUTCHours()) +
    pad(expiry.getUTCMinutes())
  );
}

/** base64(HMAC-SHA512(key, "{gid}\n{yyyyMMddHHmm}")), APIM's gateway token signature. */
function signGatewayToken(gatewayId: string, expiryStamp: string, key: string): string {
  return createHmac("sha512", Buffer.from(key, "utf8")).update(`${gatewayId}\n${expiryStamp}`, "utf8").digest("base64");
}

/** The Authorization header value of a token for `gatewayId` that expires at `expiry` (minute precision, UTC). */
export function formatGatewayToken(gatewayId: string, expiry: Date, key: string): string {
  const stamp = formatGatewayTokenExpiry(expiry);
  return `${GATEWAY_TOKEN_SCHEME} ${gatewayId}&${stamp}&${signGatewayToken(gatewayId, stamp, key)}`;
}

/** Splits an Authorization header into the token's parts, or says why it is not a gateway token. */
export function parseGatewayToken(header: string | null | undefined): ParsedGatewayToken {
  if (!header) {
    return { ok: false, refusal: { code: "GatewayTokenInvalid", message: `No Authorization header: send '${GATEWAY_TOKEN_SCHEME} {gatewayId}&{yyyyMMddHHmm}&{signature}'.` } };
  }
  const space = header.indexOf(" ");
  if (space < 0 || header.slice(0, space) !== GATEWAY_TOKEN_SCHEME) return { ok: false, refusal: MALFORMED };
  const fields = header.slice(space + 1).trim().split("&");
  if (fields.length !== 3) return { ok: false, refusal: MALFORMED };
  const [gatewayId, expiryStamp, signature] = fields as [string, string, string];
  const stamp = STAMP_PATTERN.exec(expiryStamp);
  if (!GATEWAY_ID_PATTERN.test(gatewayId) || !stamp || !SIGNATURE_PATTERN.test(signature)) return { ok: false, refusal: MALFORMED };
  const [year, month, day, hour, minute] = stamp.slice(1).map(Number) as [number, number, number, number, number];
  const expiry = new Date(Date.UTC(year, month - 1, day, hour, minute));
  // Date.UTC rolls 20250231 over to March: such a stamp is not a date.
  if (formatGatewayTokenExpiry(expiry) !== expiryStamp) return { ok: false, refusal: MALFORMED };
  return { ok: true, parts: { gatewayId, expiryStamp, expiry, signature } };
}

function signedBy(parts: GatewayTokenParts, key: string): boolean {
  const expected = Buffer.from(signGatewayToken(parts.gatewayId, parts.expiryStamp, key), "base64");
  const given = Buffer.from(parts.signature, "base64");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Accepts a token whose signature matches a current key and whose expiry is after `now`.
 * The signature is checked first, so a forged token learns nothing about expiry.
 */
export function verifyGatewayToken(parts: GatewayTokenParts, keys: GatewayTokenKeys, now: Date): VerifiedGatewayToken {
  if (!keys.current.some((key) => signedBy(parts, key))) {
    if (keys.retired?.some((key) => signedBy(parts, key))) {
      return {
        ok: false,
        refusal: {
          code: "GatewayTokenRevoked",
          message: `The token was made from a key of gateway '${parts.gatewayId}' that has since been regenerated; generate a new token.`,
        },
      };
    }
    return {
      ok: false,
      refusal: {
        code: "GatewayTokenInvalid",
        message: `The token's signature matches neither key of gateway '${parts.gatewayId}': it is forged, or was made from a key regenerated since.`,
      },
    };
  }
  if (parts.expiry.getTime() <= now.getTime()) {
    return {
      ok: false,
      refusal: {
        code: "GatewayTokenExpired",
        message: `The token expired at ${parts.expiry.toISOString()}; generate a new one.`,
      },
    };
  }
  return { ok: true };
}
