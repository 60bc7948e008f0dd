import { encode } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { users } from "@/db/schema/index";
import { ForbiddenError, UnauthorizedError } from "@/server/http/errors";
import { authenticateManagementRequest } from "@/server/http/management-route";
import { createTempDatabase, type TempDatabase } from "@/tests/helpers/temp-db";

let temp: TempDatabase;
const saved = { db: process.env.PORTCULLIS_DB, secret: process.env.AUTH_SECRET };
const SECRET = "unit-test-auth-secret-0123456789abcdef";

beforeEach(() => {
  temp = createTempDatabase();
  process.env.PORTCULLIS_DB = temp.file;
  process.env.AUTH_SECRET = SECRET;
  temp.db.insert(users).values({ id: "ada", email: "ada@example.com", role: "publisher" }).run();
});
afterEach(() => {
  temp.cleanup();
  process.env.PORTCULLIS_DB = saved.db;
  process.env.AUTH_SECRET = saved.secret;
  if (saved.db === undefined) delete process.env.PORTCULLIS_DB;
  if (saved.secret === undefined) delete process.env.AUTH_SECRET;
});

async function cookieRequest(method: string, headers: Record<string, string> = {}) {
  const jwt = await encode({ token: { sub: "ada", role: "publisher" }, secret: SECRET });
  return new Request("http://portal.test/api/management/apis/echo", {
    method,
    headers: { host: "portal.test", cookie: `next-auth.session-token=${jwt}`, ...headers },
  });
}

describe("authenticateManagementRequest with the portal session cookie", () => {
  it("accepts the cookie for reads, as the signed-in user's principal", async () => {
    expect(await authenticateManagementRequest(temp.db, await cookieRequest("GET"))).toEqual({
      kind: "session",
      tokenId: null,
      role: "publisher",
      userId: "ada",
      gatewayId: null,
    });
  });

  it("accepts a change only with a same-origin Origin header", async () => {
    const sameOrigin = await cookieRequest("PUT", { origin: "http://portal.test" });
    expect((await authenticateManagementRequest(temp.db, sameOrigin)).userId).toBe("ada");
    const message =
      "Cross-site request refused: a change made with the portal session must come from the portal itself (same-origin Origin header).";
    await expect(authenticateManagementRequest(temp.db, await cookieRequest("DELETE", { origin: "https://evil.example" }))).rejects.toThrow(
      new ForbiddenError(message),
    );
    await expect(authenticateManagementRequest(temp.db, await cookieRequest("PATCH"))).rejects.toThrow(new ForbiddenError(message));
  });

  it("answers 401 when the cookie's user has been blocked since", async () => {
    temp.db.update(users).set({ state: "blocked" }).run();
    await expect(authenticateManagementRequest(temp.db, await cookieRequest("GET"))).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("prefers a bearer token to the cookie, and does not fall back to the cookie when the token is bad", async () => {
    const request = await cookieRequest("GET", { authorization: "Bearer not-a-token" });
    await expect(authenticateManagementRequest(temp.db, request)).rejects.toThrow(
      new UnauthorizedError("The bearer token is invalid, expired or revoked."),
    );
  });
});
