import { createHash, randomBytes } from "node:crypto";

/** A reset link works this long after it is created. */
export const RESET_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** A new reset token: 32 random bytes, base64url (43 characters), fit for a URL path. */
export function generateResetToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Reset tokens are stored as their SHA-256 (hex): they are random, so no KDF is needed. */
export function hashResetToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The page a reset link opens, on the portal at `origin`. */
export function resetLinkUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, "")}/reset-password/${token}`;
}
