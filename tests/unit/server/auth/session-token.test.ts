import { encode } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { users } from "@/db/schema/index";
import { endUserSessions } from "@/server/auth/end-user-sessions";
import { hasSessionCookie } from "@/server/auth/session-cookie";
import { parseCookieHeader, sessionFromCookies, sessionFromToken, sessionTokenFromCookies } from "@/server/auth/session-token";
import { configRevision, createTempDatabase, type TempDatabase } from "@/tests/helpers/temp-db";

let temp: TempDatabase;
beforeEach(() => {
  temp = createTempDatabase();
  temp.db.insert(users).values({ id: "ada", email: "ada@example.com", firstName: "Ada", role: "publisher" }).run();
});
afterEach(() => temp.cleanup());

const SECRET = "unit-test-auth-secret-0123456789abcdef";

describe("sessionFromToken", () => {
  it("maps the token's user to the same Principal shape an API token yields, with the user's current role", () => {
    expect(sessionFromToken(temp.db, { sub: "ada", role: "administrator" })).toEqual({
      principal: { kind: "session", tokenId: null, role: "publisher", userId: "ada", gatewayId: null },
      user: { id: "ada", email: "ada@example.com", name: "Ada", role: "publisher" },
    });
  });

  it("refuses a token without a subject, for a deleted user, or for a blocked or pending one", () => {
    expect(sessionFromToken(temp.db, null)).toBeNull();
    expect(sessionFromToken(temp.db, { role: "administrator" })).toBeNull();
    expect(sessionFromToken(temp.db, { sub: "someone-else" })).toBeNull();
    temp.db.update(users).set({ state: "blocked" }).run();
    expect(sessionFromToken(temp.db, { sub: "ada" })).toBeNull();
    temp.db.update(users).set({ state: "pending" }).run();
    expect(sessionFromToken(temp.db, { sub: "ada" })).toBeNull();
  });

  it("refuses a token whose session version is not the user's current one (the session was ended)", () => {
    expect(sessionFromToken(temp.db, { sub: "ada", sv: 0 })).not.toBeNull();
    // Sessions signed in before the column existed carry no version: they count as 0.
    expect(sessionFromToken(temp.db, { sub: "ada" })).not.toBeNull();
    endUserSessions(temp.db, "ada");
    expect(sessionFromToken(temp.db, { sub: "ada", sv: 0 })).toBeNull();
    expect(sessionFromToken(temp.db, { sub: "ada" })).toBeNull();
    expect(sessionFromToken(temp.db, { sub: "ada", sv: 1 })).not.toBeNull();
  });

  it("ends sessions without touching the user's updated_at or the configuration revision", () => {
    const before = temp.db.select().from(users).get()!;
    const revision = configRevision(temp.db);
    endUserSessions(temp.db, "ada");
    const after = temp.db.select().from(users).get()!;
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(configRevision(temp.db)).toBe(revision);
  });
});

describe("sessionFromCookies", () => {
  it("decodes next-auth's session cookie with the instance secret", async () => {
    const jwt = await encode({ token: { sub: "ada", role: "publisher" }, secret: SECRET });
    const session = await sessionFromCookies(temp.db, new Map([["next-auth.session-token", jwt]]), SECRET);
    expect(session?.principal).toEqual({ kind: "session", tokenId: null, role: "publisher", userId: "ada", gatewayId: null });
  });

  it("refuses a cookie signed with another secret, an expired one and garbage", async () => {
    const other = await encode({ token: { sub: "ada" }, secret: "another-secret-0123456789abcdefghij" });
    expect(await sessionFromCookies(temp.db, new Map([["next-auth.session-token", other]]), SECRET)).toBeNull();
    const expired = await encode({ token: { sub: "ada" }, secret: SECRET, maxAge: -60 });
    expect(await sessionFromCookies(temp.db, new Map([["next-auth.session-token", expired]]), SECRET)).toBeNull();
    expect(await sessionFromCookies(temp.db, new Map([["next-auth.session-token", "garbage"]]), SECRET)).toBeNull();
    expect(await sessionFromCookies(temp.db, new Map(), SECRET)).toBeNull();
  });
});

describe("session cookie parsing", () => {
  it("joins a token next-auth split into chunks, in chunk order", () => {
    const cookies = parseCookieHeader("other=1; next-auth.session-token.1=world; next-auth.session-token.0=hello");
    expect(sessionTokenFromCookies(cookies)).toBe("helloworld");
  });

  it("prefers the __Secure- cookie and decodes percent-escapes", () => {
    const cookies = parseCookieHeader("next-auth.session-token=plain; __Secure-next-auth.session-token=a%2Eb");
    expect(sessionTokenFromCookies(cookies)).toBe("a.b");
  });

  it("tells whether any session cookie (or chunk) is present", () => {
    expect(hasSessionCookie(["next-auth.csrf-token", "next-auth.session-token.0"])).toBe(true);
    expect(hasSessionCookie(["next-auth.csrf-token", "next-auth.callback-url"])).toBe(false);
  });
});
