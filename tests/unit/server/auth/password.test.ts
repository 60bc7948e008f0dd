import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "@/server/auth/password";

describe("password hashing", () => {
  it("stores a self-describing scrypt hash with a random salt", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(a).not.toBe(b);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("s3cret-passw0rd");
    expect(await verifyPassword("s3cret-passw0rd", stored)).toBe(true);
    expect(await verifyPassword("s3cret-passw0rd ", stored)).toBe(false);
  });

  it("refuses malformed and out-of-bounds hashes without throwing", async () => {
    const stored = await hashPassword("pw-12345678");
    const [, , r, p, salt, hash] = stored.split("$");
    expect(await verifyPassword("pw-12345678", "")).toBe(false);
    expect(await verifyPassword("pw-12345678", `bcrypt$32768$${r}$${p}$${salt}$${hash}`)).toBe(false);
    expect(await verifyPassword("pw-12345678", `scrypt$${2 ** 30}$${r}$${p}$${salt}$${hash}`)).toBe(false);
    expect(await verifyPassword("pw-12345678", `scrypt$1000$${r}$${p}$${salt}$${hash}`)).toBe(false);
  });

  it("generates 24-character random passwords", () => {
    const password = generatePassword();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(password);
  });
});
