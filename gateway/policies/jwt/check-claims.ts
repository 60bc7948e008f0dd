import type { PolicyContext, Refusal } from "../policy";
import type { DecodedToken, TokenClaims } from "./decode-token";
import { MESSAGES, refuse, type Jwt, type ValidateJwtConfig } from "./validate-jwt-config";

/**
 * Lifetime, audience, required claims (and issuer, when no provider can add one) before any
 * signature work: cheap refusals for the common expired token. Nothing is accepted on these
 * unverified claims: acceptance still waits for the signature.
 */
export function checkClaims(config: ValidateJwtConfig, ctx: PolicyContext, claims: TokenClaims): Refusal | null {
  const now = ctx.services.now() / 1000;
  const skew = Math.max(0, config.clockSkew?.(ctx) ?? 0);
  const exp = own(claims, "exp");
  const nbf = own(claims, "nbf");
  if ((exp !== undefined && !isNumericDate(exp)) || (nbf !== undefined && !isNumericDate(nbf))) return refuse(config, ctx, "JwtInvalid", MESSAGES.badTime);
  if (exp === undefined) {
    if (config.requireExpirationTime?.(ctx) ?? true) return refuse(config, ctx, "JwtInvalid", MESSAGES.noExpiration);
  } else if (now >= (exp as number) + skew) {
    return refuse(config, ctx, "TokenExpired", MESSAGES.expired);
  }
  if (nbf !== undefined && now + skew < (nbf as number)) return refuse(config, ctx, "JwtInvalid", MESSAGES.notYetValid);

  if (config.audiences !== null) {
    const aud = own(claims, "aud");
    const given = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud.filter((v): v is string => typeof v === "string") : [];
    if (!config.audiences.some((audience) => given.includes(audience(ctx)))) return refuse(config, ctx, "TokenAudienceNotAllowed", MESSAGES.audience);
  }
  if (config.openIdUrls.length === 0 && !issuerAllowed(config, ctx, claims, null)) return refuse(config, ctx, "TokenIssuerNotAllowed", MESSAGES.issuer);

  if (config.claims.length === 0) return null;
  const missing = config.claims.filter((claim) => own(claims, claim.name) == null).map((claim) => claim.name);
  if (missing.length > 0) {
    return refuse(config, ctx, "TokenClaimNotFound", `JWT token is missing the following claims: ${[...new Set(missing)].join(", ")}. Access denied.`);
  }
  for (const claim of config.claims) {
    if (claim.values.length === 0) continue;
    const given = claimValues(own(claims, claim.name), claim.separator);
    const wanted = claim.values.map((v) => v(ctx));
    const matches = claim.match === "all" ? wanted.every((w) => given.includes(w)) : wanted.some((w) => given.includes(w));
    if (!matches) {
      return refuse(config, ctx, "TokenClaimValueNotAllowed", `Claim ${claim.name} value of ${printable(given.join(", "))} is not allowed. Access denied.`);
    }
  }
  return null;
}

/** The token's `iss` is one the policy lists, or the issuer of the provider whose key verified it. */
export function issuerAllowed(config: ValidateJwtConfig, ctx: PolicyContext, claims: TokenClaims, providerIssuer: string | null): boolean {
  if (config.issuers === null && providerIssuer === null) return true;
  const iss = own(claims, "iss");
  if (typeof iss !== "string") return false;
  if (iss === providerIssuer) return true;
  return config.issuers !== null && config.issuers.some((issuer) => issuer(ctx) === iss);
}

/** The verified token as APIM's `Jwt` object for `output-token-variable-name`. */
export function toJwt(decoded: DecodedToken): Jwt {
  const c = decoded.claims;
  const text = (name: string) => (typeof own(c, name) === "string" ? (own(c, name) as string) : null);
  const date = (name: string) => (isNumericDate(own(c, name)) ? new Date((own(c, name) as number) * 1000) : null);
  const aud = own(c, "aud");
  const claims: Record<string, string[]> = {};
  for (const name of Object.keys(c)) claims[name] = claimValues(c[name], undefined);
  return {
    Id: text("jti"),
    Algorithm: decoded.alg,
    Issuer: text("iss"),
    Subject: text("sub"),
    Type: decoded.typ ?? null,
    Audiences: typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud.filter((v): v is string => typeof v === "string") : [],
    IssuedAt: date("iat"),
    NotBefore: date("nbf"),
    ExpirationTime: date("exp"),
    Claims: claims,
  };
}

/** A claim's values as strings: arrays element by element, a separator splitting strings. */
function claimValues(value: unknown, separator: string | undefined): string[] {
  const out: string[] = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (item === null || item === undefined) continue;
    const text = typeof item === "string" ? item : typeof item === "object" ? JSON.stringify(item) : String(item);
    if (separator === undefined) out.push(text);
    else for (const part of text.split(separator)) out.push(part.trim());
  }
  return out;
}

/** A claim of the token's own (never one inherited from Object.prototype, like "constructor"). */
function own(claims: TokenClaims, name: string): unknown {
  return Object.hasOwn(claims, name) ? claims[name] : undefined;
}

function isNumericDate(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** A caller-supplied value as it may appear in a message (and the log): printable, bounded. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return clean.length > 100 ? `${clean.slice(0, 100)}…` : clean;
}
