import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";

/** Instance secrets: given by the environment or generated on first start and kept beside the database. */
export interface InstanceSecrets {
  /** next-auth's signing secret. */
  authSecret: string;
  /** 32 bytes (base64) for AES-256-GCM encryption of subscription keys at rest. */
  keyEncryptionKey: string;
  /** 32 bytes (base64) for the HMAC that finds a subscription by its key. */
  keyHmacKey: string;
}

const secretsFile = z.object({
  authSecret: z.string().min(32),
  keyEncryptionKey: z.string().min(40),
  keyHmacKey: z.string().min(40),
});

/** Path of the secrets file for a database file. */
export function secretsPath(databaseFile: string): string {
  return join(dirname(databaseFile), "secrets.json");
}

/**
 * Reads the instance secrets, creating the file (mode 0600) when it does not exist.
 * `AUTH_SECRET` and `PORTCULLIS_KEY_ENCRYPTION_KEY` / `PORTCULLIS_KEY_HMAC_KEY` override it.
 */
export function loadInstanceSecrets(databaseFile: string, env: Record<string, string | undefined> = process.env): InstanceSecrets {
  const file = secretsPath(databaseFile);
  let stored: InstanceSecrets;
  if (existsSync(file)) {
    stored = secretsFile.parse(JSON.parse(readFileSync(file, "utf8")));
  } else {
    stored = {
      authSecret: randomBytes(32).toString("base64url"),
      keyEncryptionKey: randomBytes(32).toString("base64"),
      keyHmacKey: randomBytes(32).toString("base64"),
    };
    mkdirSync(dirname(file), { recursive: true });
    // "wx": when two processes start together, the first one's secrets win.
    try {
      writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600, flag: "wx" });
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      stored = secretsFile.parse(JSON.parse(readFileSync(file, "utf8")));
    }
  }
  return {
    authSecret: checkedOverride(env, "AUTH_SECRET") ?? stored.authSecret,
    keyEncryptionKey: checkedOverride(env, "PORTCULLIS_KEY_ENCRYPTION_KEY") ?? stored.keyEncryptionKey,
    keyHmacKey: checkedOverride(env, "PORTCULLIS_KEY_HMAC_KEY") ?? stored.keyHmacKey,
  };
}

/** The smallest signing secret next-auth is given (as many characters as 32 random bytes in base64url make, minus padding). */
const MIN_AUTH_SECRET_LENGTH = 32;

/**
 * A secret given in the environment, refused at start when it is too weak or the wrong size for
 * its cipher (a 31-byte AES key would otherwise fail only at the first subscription key).
 */
function checkedOverride(env: Record<string, string | undefined>, name: "AUTH_SECRET" | "PORTCULLIS_KEY_ENCRYPTION_KEY" | "PORTCULLIS_KEY_HMAC_KEY"): string | undefined {
  const value = env[name];
  if (!value) return undefined;
  if (name === "AUTH_SECRET") {
    if (value.length < MIN_AUTH_SECRET_LENGTH) throw new Error(`${name} must be at least ${MIN_AUTH_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 32\`).`);
    return value;
  }
  if (!/^[A-Za-z0-9+/]{43}=$/.test(value) || Buffer.from(value, "base64").length !== 32) {
    throw new Error(`${name} must be 32 bytes in base64, 44 characters (e.g. \`openssl rand -base64 32\`).`);
  }
  return value;
}
