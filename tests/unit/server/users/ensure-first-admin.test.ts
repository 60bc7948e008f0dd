import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { users } from "@/db/schema/index";
import { verifyPassword } from "@/server/auth/password";
import { ensureFirstAdmin } from "@/server/users/ensure-first-admin";
import { createTempDatabase, type TempDatabase } from "@/tests/helpers/temp-db";

let temp: TempDatabase;
beforeEach(() => (temp = createTempDatabase()));
afterEach(() => temp.cleanup());

describe("ensureFirstAdmin", () => {
  it("creates the administrator with the given password, hashed", async () => {
    const result = await ensureFirstAdmin(temp.db, { email: "root@example.com", password: "given-password" });
    expect(result).toEqual({ created: true, email: "root@example.com", userId: "admin", generatedPassword: null });
    const row = temp.db.select().from(users).get();
    expect(row?.role).toBe("administrator");
    expect(row?.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword("given-password", row!.passwordHash!)).toBe(true);
  });

  it("generates a password when none is given and returns it once", async () => {
    const result = await ensureFirstAdmin(temp.db, { email: "root@example.com" });
    if (!result.created || !result.generatedPassword) throw new Error("expected a generated password");
    const row = temp.db.select().from(users).get();
    expect(await verifyPassword(result.generatedPassword, row!.passwordHash!)).toBe(true);
  });

  it("refuses a given password that breaks the password rule, naming the variable", async () => {
    await expect(ensureFirstAdmin(temp.db, { email: "root@example.com", password: "password1234" })).rejects.toThrow(
      "PORTCULLIS_ADMIN_PASSWORD is too easy to guess: it is a common password, or very close to one. Choose a longer one that is harder to guess, such as a few unrelated words.",
    );
    expect(temp.db.select().from(users).all()).toHaveLength(0);
  });

  it("does nothing when an administrator exists", async () => {
    await ensureFirstAdmin(temp.db, { email: "root@example.com", password: "given-password" });
    expect(await ensureFirstAdmin(temp.db, { email: "other@example.com" })).toEqual({
      created: false,
      reason: "administrator-exists",
    });
    expect(temp.db.select().from(users).all()).toHaveLength(1);
  });

  it("does not promote a developer who already has the email", async () => {
    temp.db.insert(users).values({ id: "dev", email: "root@example.com", role: "developer" }).run();
    expect(await ensureFirstAdmin(temp.db, { email: "root@example.com" })).toEqual({ created: false, reason: "email-taken" });
  });
});
