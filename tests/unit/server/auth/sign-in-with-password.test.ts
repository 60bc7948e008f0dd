import { eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { users } from "@/db/schema/index";
import { LoginThrottle } from "@/server/auth/login-throttle";
import { hashPassword } from "@/server/auth/password";
import {
  BLOCKED_MESSAGE,
  INVALID_CREDENTIALS_MESSAGE,
  PENDING_MESSAGE,
  signInWithPassword,
} from "@/server/auth/sign-in-with-password";
import { createTempDatabase, type TempDatabase } from "@/tests/helpers/temp-db";

let temp: TempDatabase;
let throttle: LoginThrottle;
let passwordHash: string;
const NOW = new Date("2030-01-01T00:00:00Z");

beforeAll(async () => {
  passwordHash = await hashPassword("correct horse");
});
beforeEach(() => {
  temp = createTempDatabase();
  throttle = new LoginThrottle();
  temp.db
    .insert(users)
    .values({ id: "ada", email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", passwordHash, role: "publisher" })
    .run();
});
afterEach(() => temp.cleanup());

const signIn = (email: string, password: string, now = NOW) =>
  signInWithPassword(temp.db, { email, password, ip: "10.0.0.1" }, throttle, now);

describe("signInWithPassword", () => {
  it("signs in with the right password, any email case, and records last_login_at", async () => {
    expect(await signIn(" ADA@example.com ", "correct horse")).toEqual({
      ok: true,
      user: { id: "ada", email: "ada@example.com", name: "Ada Lovelace", role: "publisher" },
      sessionVersion: 0,
    });
    const row = temp.db.select().from(users).where(eq(users.id, "ada")).get();
    expect(row?.lastLoginAt).toEqual(NOW);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    expect(await signIn("ada@example.com", "wrong")).toEqual({ ok: false, message: INVALID_CREDENTIALS_MESSAGE });
    expect(await signIn("nobody@example.com", "correct horse")).toEqual({ ok: false, message: INVALID_CREDENTIALS_MESSAGE });
  });

  it("refuses a blocked or pending user, but only to someone who knows the password", async () => {
    temp.db.update(users).set({ state: "blocked" }).run();
    expect(await signIn("ada@example.com", "wrong")).toEqual({ ok: false, message: INVALID_CREDENTIALS_MESSAGE });
    expect(await signIn("ada@example.com", "correct horse")).toEqual({ ok: false, message: BLOCKED_MESSAGE });
    temp.db.update(users).set({ state: "pending" }).run();
    expect(await signIn("ada@example.com", "correct horse")).toEqual({ ok: false, message: PENDING_MESSAGE });
    expect(temp.db.select().from(users).get()?.lastLoginAt).toBeNull();
  });

  it("after five wrong passwords refuses even the right one until the delay has passed", async () => {
    for (let i = 0; i < 5; i++) await signIn("ada@example.com", `wrong ${i}`);
    expect(await signIn("ada@example.com", "correct horse")).toEqual({
      ok: false,
      message: "Too many failed sign-in attempts. Wait 1 second before trying again.",
    });
    const later = new Date(NOW.getTime() + 1000);
    expect((await signIn("ada@example.com", "correct horse", later)).ok).toBe(true);
  });
});
