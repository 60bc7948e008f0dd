/** POST /api/portal/signup: the developer portal's sign-up, through its route handler. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/portal/signup/route";
import { auditLog, users } from "@/db/schema/index";
import { verifyPassword } from "@/server/auth/password";
import { LoginThrottle } from "@/server/auth/login-throttle";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { getDb } from "@/server/db";
import { CLIENT_ADDRESS_HEADER, PORTAL_SERVER_MARK } from "@/server/http/forwarded-headers";
import { SIGN_UP_MAX_ATTEMPTS } from "@/server/portal/sign-up-throttle";
import { EMAIL_TAKEN_MESSAGE } from "@/server/users/sign-up-developer";
import { resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);
beforeEach(() => resetData());

// What the portal server (server/portal-server.ts) does for each request: the route believes
// x-portcullis-client only when that server is in front.
beforeAll(() => {
  process.env[PORTAL_SERVER_MARK] = "1";
});
afterAll(() => {
  delete process.env[PORTAL_SERVER_MARK];
});

let ipCounter = 0;
/** A fresh caller address per test, so the per-IP throttle of one test does not reach the next. */
const freshIp = () => `10.1.0.${++ipCounter}`;

const valid = { email: "ada@example.com", password: "correct horse battery", firstName: "Ada", lastName: "Lovelace", acceptTerms: true };

async function signUp(body: unknown, options: { ip?: string; origin?: string | null } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", [CLIENT_ADDRESS_HEADER]: options.ip ?? freshIp() };
  if (options.origin !== null) headers.origin = options.origin ?? "http://portal.test";
  const response = await POST(new Request("http://portal.test/api/portal/signup", { method: "POST", headers, body: JSON.stringify(body) }));
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

describe("signing up", () => {
  it("creates an active developer with a scrypt-hashed password who can sign in at once", async () => {
    const result = await signUp(valid);
    expect(result.status).toBe(201);
    expect(result.body).toEqual({ id: expect.stringMatching(/^ada-[0-9a-f]{6}$/), email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" });
    const row = getDb().select().from(users).where(eq(users.id, result.body.id)).get()!;
    expect(row).toMatchObject({ role: "developer", state: "active" });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword(valid.password, row.passwordHash!)).toBe(true);
    const signIn = await signInWithPassword(getDb(), { email: "ADA@example.com", password: valid.password, ip: "10.9.9.9" }, new LoginThrottle());
    expect(signIn).toEqual({ ok: true, user: { id: result.body.id, email: "ada@example.com", name: "Ada Lovelace", role: "developer" }, sessionVersion: 0 });
  });

  it("records the new account in the audit log, authored by the new user", async () => {
    const { body } = await signUp(valid);
    const entry = getDb().select().from(auditLog).where(eq(auditLog.resource, `/users/${body.id}`)).get()!;
    expect(entry).toMatchObject({ action: "create", actorKind: "user", actorId: body.id, actorLabel: "ada@example.com", before: null });
    expect(JSON.stringify(entry.after)).not.toContain(valid.password);
    expect(entry.after).toMatchObject({ properties: { email: "ada@example.com", role: "developer" }, signedUp: true });
  });

  it("refuses an email that is taken, whatever its case, with a message saying so", async () => {
    expect((await signUp(valid)).status).toBe(201);
    const again = await signUp({ ...valid, email: "  Ada@Example.COM " });
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: "Conflict", message: EMAIL_TAKEN_MESSAGE, details: [{ target: "email", message: EMAIL_TAKEN_MESSAGE }] });
    expect(getDb().select().from(users).where(eq(users.firstName, "Ada")).all()).toHaveLength(1);
  });

  it("refuses a password shorter than 12 characters, naming the field", async () => {
    const weak = await signUp({ ...valid, password: "short-pass1" });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details).toEqual([{ target: "password", message: "The password must be at least 12 characters long." }]);
    expect(getDb().select().from(users).where(eq(users.email, valid.email)).get()).toBeUndefined();
  });

  it("refuses 12 spaces, 'aaaaaaaaaaaa', a common password and the user's own name, saying why", async () => {
    const guessable = (because: string) =>
      `The password is too easy to guess: ${because}. Choose a longer one that is harder to guess, such as a few unrelated words.`;
    const cases: [string, string, object?][] = [
      [" ".repeat(12), "The password must not be only spaces."],
      ["aaaaaaaaaaaa", guessable("it repeats characters (like 'aaaa')")],
      ["password1234", guessable("it is a common password, or very close to one")],
      ["qwertyuiop12", guessable("it is a common password, or very close to one")],
      ["zwyrtlenko12", guessable("it contains your name or email address"), { lastName: "Zwyrtlenko" }],
    ];
    for (const [password, message, changes] of cases) {
      const weak = await signUp({ ...valid, ...changes, password });
      expect({ password, status: weak.status, details: weak.body.error.details }).toEqual({ password, status: 400, details: [{ target: "password", message }] });
    }
    expect(getDb().select().from(users).where(eq(users.email, valid.email)).get()).toBeUndefined();
  });

  it("needs the terms accepted, names and a valid email, each with its own message", async () => {
    const result = await signUp({ email: "not-an-email", password: valid.password, firstName: " ", acceptTerms: false });
    expect(result.status).toBe(400);
    expect(result.body.error.details).toEqual([
      { target: "email", message: "Enter a valid email address, such as you@example.com." },
      { target: "firstName", message: "Enter your first name." },
      { target: "lastName", message: "Enter your last name." },
      { target: "acceptTerms", message: "Accept the terms of use to create an account." },
    ]);
  });

  it("ignores a role or state in the body: a sign-up is always an active developer", async () => {
    const result = await signUp({ ...valid, role: "administrator", state: "active" });
    expect(result.status).toBe(201);
    expect(getDb().select().from(users).where(eq(users.id, result.body.id)).get()!.role).toBe("developer");
  });

  it("refuses a request from another site, or without an Origin", async () => {
    const crossSite = await signUp(valid, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.message).toBe("Cross-site request refused: sign up from the developer portal itself (same-origin Origin header).");
    expect((await signUp(valid, { origin: null })).status).toBe(403);
    expect(getDb().select().from(users).where(eq(users.email, valid.email)).get()).toBeUndefined();
  });

  it(`throttles one address after ${SIGN_UP_MAX_ATTEMPTS} attempts with 429, Retry-After and a message`, async () => {
    const ip = freshIp();
    for (let n = 0; n < SIGN_UP_MAX_ATTEMPTS; n++) {
      expect((await signUp({ ...valid, email: `signup-${n}@example.com` }, { ip })).status).toBe(201);
    }
    const refused = await signUp({ ...valid, email: "one-more@example.com" }, { ip });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toEqual({ code: "TooManyRequests", message: "Too many sign-up attempts from your network. Wait 60 minutes before trying again." });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3500);
    expect(getDb().select().from(users).where(eq(users.email, "one-more@example.com")).get()).toBeUndefined();
    // Another address is not affected.
    expect((await signUp({ ...valid, email: "elsewhere@example.com" })).status).toBe(201);
  });
});
