import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadInstanceSecrets, secretsPath } from "@/db/secrets";

const folders: string[] = [];
function databaseFile(): string {
  const folder = mkdtempSync(join(tmpdir(), "pc-secrets-"));
  folders.push(folder);
  return join(folder, "portcullis.db");
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("instance secrets", () => {
  it("generates them once, mode 0600, and reads the same ones back", () => {
    const file = databaseFile();
    const first = loadInstanceSecrets(file, {});
    expect(statSync(secretsPath(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(first.keyEncryptionKey, "base64")).toHaveLength(32);
    expect(loadInstanceSecrets(file, {})).toEqual(first);
  });

  it("takes AUTH_SECRET, PORTCULLIS_KEY_ENCRYPTION_KEY and PORTCULLIS_KEY_HMAC_KEY from the environment", () => {
    const env = { AUTH_SECRET: "s".repeat(40), PORTCULLIS_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"), PORTCULLIS_KEY_HMAC_KEY: randomBytes(32).toString("base64") };
    expect(loadInstanceSecrets(databaseFile(), env)).toEqual({ authSecret: env.AUTH_SECRET, keyEncryptionKey: env.PORTCULLIS_KEY_ENCRYPTION_KEY, keyHmacKey: env.PORTCULLIS_KEY_HMAC_KEY });
  });

  it("refuses a given secret that is too short or not a 32-byte key, naming the variable", () => {
    const file = databaseFile();
    expect(() => loadInstanceSecrets(file, { AUTH_SECRET: "short" })).toThrow("AUTH_SECRET must be at least 32 characters");
    for (const bad of [randomBytes(31).toString("base64"), randomBytes(33).toString("base64"), "not base64 at all!".padEnd(44, "x"), randomBytes(32).toString("base64url")]) {
      expect(() => loadInstanceSecrets(file, { PORTCULLIS_KEY_ENCRYPTION_KEY: bad })).toThrow("PORTCULLIS_KEY_ENCRYPTION_KEY must be 32 bytes in base64, 44 characters");
      expect(() => loadInstanceSecrets(file, { PORTCULLIS_KEY_HMAC_KEY: bad })).toThrow("PORTCULLIS_KEY_HMAC_KEY must be 32 bytes in base64");
    }
  });
});
