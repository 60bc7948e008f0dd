import type { Dynamic, PolicyContext, Refusal } from "../policy";
import { MAX_TOKEN_CHARS } from "./decode-token";
import type { DocumentKey } from "./signing-keys";
import type { VerifiedTokens } from "./verified-tokens";

/** A `<claim>` of `<required-claims>`. */
export interface RequiredClaim {
  name: string;
  match: "all" | "any";
  separator: string | undefined;
  values: Dynamic<string>[];
}

export type TokenSource = { from: "header"; name: Dynamic<string> } | { from: "query"; name: Dynamic<string> } | { from: "value"; value: Dynamic<string> };

export interface ValidateJwtConfig {
  source: TokenSource;
  status: Dynamic<number> | undefined;
  message: Dynamic<string> | undefined;
  requireExpirationTime: Dynamic<boolean> | undefined;
  requireScheme: Dynamic<string> | undefined;
  clockSkew: Dynamic<number> | undefined;
  outputTokenVariableName: string | undefined;
  openIdUrls: string[];
  keys: DocumentKey[];
  audiences: Dynamic<string>[] | null;
  issuers: Dynamic<string>[] | null;
  claims: RequiredClaim[];
  /** Tokens whose signature was already verified, so a reconnecting client costs no crypto. */
  verified: VerifiedTokens;
}

/** APIM's object for `output-token-variable-name` (its `Jwt` type), claims as string arrays. */
export interface Jwt {
  Id: string | null;
  Algorithm: string;
  Issuer: string | null;
  Subject: string | null;
  Type: string | null;
  Audiences: string[];
  IssuedAt: Date | null;
  NotBefore: Date | null;
  ExpirationTime: Date | null;
  Claims: Record<string, string[]>;
}

/** APIM's default messages: "<message from jwt library>. Access denied." for most reasons. */
export const MESSAGES = {
  notPresent: "JWT not present.",
  malformed: "Invalid JWT.",
  tooLarge: `Invalid JWT: longer than ${MAX_TOKEN_CHARS} characters.`,
  encrypted: "Invalid JWT: encrypted tokens (JWE) are not supported.",
  unsigned: "Invalid JWT: the token is not signed.",
  unsupportedAlgorithm: "Invalid JWT: the signing algorithm is not supported.",
  ambiguous: "Invalid JWT: more than one token in the request.",
  noExpiration: "Lifetime validation failed. The token has no expiration time.",
  badTime: "Lifetime validation failed. The token's 'exp' or 'nbf' is not a number.",
  notYetValid: "Lifetime validation failed. The token is not yet valid.",
  expired: "Lifetime validation failed. The token is expired. Access denied.",
  audience: "Audience validation failed. Access denied.",
  issuer: "Issuer validation failed. Access denied.",
  signature: "Signature validation failed. Access denied.",
  keyNotFound: "Signature validation failed. No signing key matches the token. Access denied.",
  keysUnavailable: "Signature validation failed. The signing keys could not be retrieved. Access denied.",
} as const;

/** A refusal with the policy's own status and message when it sets them (401 and `message` otherwise). */
export function refuse(config: ValidateJwtConfig, ctx: PolicyContext, reason: string, message: string): Refusal {
  const status = config.status?.(ctx);
  const custom = config.message?.(ctx);
  return {
    ok: false,
    status: status !== undefined && status >= 100 && status <= 599 ? status : 401,
    reason,
    message: custom ? custom : message,
    source: "validate-jwt",
  };
}
