/**
 * Getting and changing a password, and sessions ending: an administrator's one-time reset link
 * (management API) used on the portal's reset route, a user's own change from the profile, and
 * the old session cookie refused (401) after a password change, a role change, blocking and
 * signing out. Route handlers called as Next.js would, on a prepared instance.
 */
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as listApis } from "@/app/api/management/apis/route";
import { POST as changePassword } from "@/app/api/portal/profile/password/route";
import { POST as resetPassword } from "@/app/api/portal/reset-password/route";
import { auditLog, passwordResetLinks, users } from "@/db/schema/index";
import { authOptions } from "@/server/auth/auth-options";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { portalAuthSecret } from "@/server/auth/session-token";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { getDb } from "@/server/db";
import { hashResetToken } from "@/server/passwords/reset-link-token";
import { api, apiJson, DEVELOPER_TOKEN, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

const ORIGIN = "http://portal.test";
const OLD_PASSWORD = "carol-first-passphrase";
const NEW_PASSWORD = "carol chose this herself";
const LINK_GONE = "This password link has expired or has already been used. Ask an administrator for a new one.";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);
beforeEach(async () => {
  resetData();
  getDb().delete(passwordResetLinks).run();
  getDb().insert(users).values({ id: "carol", email: "carol@example.com", firstName: "Carol", role: "publisher", passwordHash: await hashPassword(OLD_PASSWORD) }).run();
});

const carol = () => getDb().select().from(users).where(eq(users.id, "carol")).get()!;

/** Carol's session cookie as next-auth sets it after she signs in now (with her first password). */
async function signedInCookie(): Promise<string> {
  const result = await signInWithPassword(getDb(), { email: "carol@example.com", password: OLD_PASSWORD, ip: "127.0.0.1" });
  if (!result.ok) throw new Error(result.message);
  const token = { sub: result.user.id, email: result.user.email, role: result.user.role, sv: result.sessionVersion };
  return `next-auth.session-token=${await encode({ token, secret: portalAuthSecret() })}`;
}

/** A management API read with a session cookie: 200 while the session lives, 401 once it has ended. */
async function statusWithCookie(cookie: string): Promise<number> {
  const response = await listApis(new Request(`${ORIGIN}/api/management/apis`, { headers: { cookie } }), { params: Promise.resolve({}) });
  return response.status;
}

function portalPost(handler: (request: Request) => Promise<Response>, path: string, body: unknown, cookie?: string) {
  const headers: Record<string, string> = { "content-type": "application/json", origin: ORIGIN, host: "portal.test" };
  if (cookie) headers.cookie = cookie;
  return handler(new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: JSON.stringify(body) })).then(async (response) => {
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  });
}

const createLink = () => apiJson("POST", "/users/carol/createPasswordResetLink");
const tokenOf = (url: string) => url.split("/reset-password/")[1]!;

describe("reset links", () => {
  it("are created by administrators, shown once, stored hashed and audited without the link", async () => {
    const created = await createLink();
    expect(created).toEqual({
      status: 200,
      body: { url: expect.stringMatching(/^http:\/\/portal\.test\/reset-password\/[A-Za-z0-9_-]{43}$/), expirationDate: expect.any(String) },
    });
    const token = tokenOf(created.body.url);
    const hoursValid = (Date.parse(created.body.expirationDate) - Date.now()) / 3_600_000;
    expect(hoursValid).toBeGreaterThan(23.9);
    expect(hoursValid).toBeLessThanOrEqual(24);
    const stored = getDb().select().from(passwordResetLinks).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).toBe(hashResetToken(token));
    const audit = getDb().select().from(auditLog).where(eq(auditLog.action, "createPasswordResetLink")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ resource: "/users/carol", actorKind: "token", actorId: "bootstrap" });
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("are for administrators only, and 404 for an unknown user", async () => {
    expect((await api("POST", "/users/carol/createPasswordResetLink", { token: DEVELOPER_TOKEN })).status).toBe(403);
    expect(await apiJson("POST", "/users/ghost/createPasswordResetLink")).toEqual({
      status: 404,
      body: { error: { code: "NotFound", message: "User 'ghost' not found." } },
    });
  });

  it("set a password that passes the rule once, end the user's sessions, and then stop working", async () => {
    const cookie = await signedInCookie();
    expect(await statusWithCookie(cookie)).toBe(200);
    const token = tokenOf((await createLink()).body.url);

    const weak = await portalPost(resetPassword, "/api/portal/reset-password", { token, password: "password1234" });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details).toEqual([
      { target: "password", message: "The password is too easy to guess: it is a common password, or very close to one. Choose a longer one that is harder to guess, such as a few unrelated words." },
    ]);

    expect(await portalPost(resetPassword, "/api/portal/reset-password", { token, password: NEW_PASSWORD })).toEqual({ status: 200, body: { email: "carol@example.com" } });
    expect(await verifyPassword(NEW_PASSWORD, carol().passwordHash!)).toBe(true);
    expect(await statusWithCookie(cookie)).toBe(401);
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, "resetPassword")).get()).toMatchObject({ resource: "/users/carol", actorId: "carol" });

    expect(await portalPost(resetPassword, "/api/portal/reset-password", { token, password: "yet another fine passphrase" })).toEqual({
      status: 404,
      body: { error: { code: "NotFound", message: LINK_GONE } },
    });
    expect(await verifyPassword(NEW_PASSWORD, carol().passwordHash!)).toBe(true);
  });

  it("stop working after 24 hours, and when a newer link replaces them", async () => {
    const first = tokenOf((await createLink()).body.url);
    const second = tokenOf((await createLink()).body.url);
    expect((await portalPost(resetPassword, "/api/portal/reset-password", { token: first, password: NEW_PASSWORD })).body.error.message).toBe(LINK_GONE);
    getDb().update(passwordResetLinks).set({ expiresAt: new Date(Date.now() - 1) }).run();
    expect((await portalPost(resetPassword, "/api/portal/reset-password", { token: second, password: NEW_PASSWORD })).status).toBe(404);
    expect(await verifyPassword(OLD_PASSWORD, carol().passwordHash!)).toBe(true);
  });

  it("refuse a cross-site submission", async () => {
    const token = tokenOf((await createLink()).body.url);
    const request = new Request(`${ORIGIN}/api/portal/reset-password`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example", host: "portal.test" },
      body: JSON.stringify({ token, password: NEW_PASSWORD }),
    });
    expect((await resetPassword(request)).status).toBe(403);
  });
});

describe("changing one's own password", () => {
  it("needs the current password and a new one that passes the rule, then ends every session", async () => {
    const cookie = await signedInCookie();
    const change = (body: object) => portalPost(changePassword, "/api/portal/profile/password", body, cookie);
    expect(await change({ currentPassword: "not my password", newPassword: NEW_PASSWORD })).toEqual({
      status: 400,
      body: { error: { code: "ValidationError", message: "The current password is not correct.", details: [{ target: "currentPassword", message: "The current password is not correct." }] } },
    });
    expect((await change({ currentPassword: OLD_PASSWORD, newPassword: " ".repeat(12) })).body.error.details).toEqual([
      { target: "newPassword", message: "The password must not be only spaces." },
    ]);
    expect(await statusWithCookie(cookie)).toBe(200);

    expect(await change({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD })).toEqual({ status: 204, body: null });
    expect(await statusWithCookie(cookie)).toBe(401);
    expect(await verifyPassword(NEW_PASSWORD, carol().passwordHash!)).toBe(true);
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, "changePassword")).get()).toMatchObject({ resource: "/users/carol", actorId: "carol" });
    expect(JSON.stringify(getDb().select().from(auditLog).all())).not.toContain(NEW_PASSWORD);
  });

  it("answers 401 without a session", async () => {
    expect(await portalPost(changePassword, "/api/portal/profile/password", { currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD })).toEqual({
      status: 401,
      body: { error: { code: "Unauthorized", message: "Sign in to change your password." } },
    });
  });
});

describe("a session ends", () => {
  it("when an administrator sets the user's password", async () => {
    const cookie = await signedInCookie();
    expect((await api("PATCH", "/users/carol", { body: { properties: { password: NEW_PASSWORD } } })).status).toBe(200);
    expect(await statusWithCookie(cookie)).toBe(401);
  });

  it("when the user's role changes", async () => {
    const cookie = await signedInCookie();
    expect((await api("PATCH", "/users/carol", { body: { properties: { role: "administrator" } } })).status).toBe(200);
    expect(await statusWithCookie(cookie)).toBe(401);
  });

  it("when the user is blocked, for good: unblocking does not bring the old session back", async () => {
    const cookie = await signedInCookie();
    expect((await api("PATCH", "/users/carol", { body: { properties: { state: "blocked" } } })).status).toBe(200);
    expect(await statusWithCookie(cookie)).toBe(401);
    expect((await api("PATCH", "/users/carol", { body: { properties: { state: "active" } } })).status).toBe(200);
    expect(await statusWithCookie(cookie)).toBe(401);
    expect(await statusWithCookie(await signedInCookie())).toBe(200);
  });

  it("when the user signs out, in every browser", async () => {
    const here = await signedInCookie();
    const elsewhere = await signedInCookie();
    const token = { sub: "carol", sv: carol().sessionVersion };
    await authOptions().events!.signOut!({ token, session: null as never } as never);
    expect(await statusWithCookie(here)).toBe(401);
    expect(await statusWithCookie(elsewhere)).toBe(401);
  });

  it("not when only the user's name changes", async () => {
    const cookie = await signedInCookie();
    expect((await api("PATCH", "/users/carol", { body: { properties: { firstName: "Caroline" } } })).status).toBe(200);
    expect(await statusWithCookie(cookie)).toBe(200);
  });
});
