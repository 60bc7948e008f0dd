import { createHash } from "node:crypto";

/** Management API tokens are stored as the SHA-256 (hex) of the token; they are random, so no KDF is needed. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The first characters of a token, kept in `api_tokens.prefix` to recognise it in lists. */
export function apiTokenPrefix(token: string): string {
  return token.slice(0, 8);
}

