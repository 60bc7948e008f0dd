import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

/**
 * Subscription keys at rest: AES-256-GCM ciphertext to show them again, HMAC-SHA256 to find
 * them. Shared by the portal (which issues keys) and the gateway (which checks them).
 */

/** A new random subscription key: 32 hex characters, like APIM's. */
export function generateSubscriptionKey(): string {
  return randomBytes(16).toString("hex");
}

/** The lookup hash of a key; the HMAC key as base64 (the secrets file) or its bytes (a gateway's snapshot). */
export function hashSubscriptionKey(key: string, hmacKey: string | Buffer): string {
  return createHmac("sha256", typeof hmacKey === "string" ? Buffer.from(hmacKey, "base64") : hmacKey)
    .update(key, "utf8")
    .digest("hex");
}

/** `iv.tag.ciphertext`, base64url parts. */
export function encryptSubscriptionKey(key: string, encryptionKeyBase64: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(encryptionKeyBase64, "base64"), iv);
  const ciphertext = Buffer.concat([cipher.update(key, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString("base64url")).join(".");
}

export function decryptSubscriptionKey(sealed: string, encryptionKeyBase64: string): string {
  const [iv, tag, ciphertext] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
  if (!iv || !tag || !ciphertext) throw new Error("Malformed encrypted subscription key");
  const decipher = createDecipheriv("aes-256-gcm", Buffer.from(encryptionKeyBase64, "base64"), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
}
