/** Management API tokens through the route handlers: shown once, stored hashed, revoked by DELETE. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiTokens } from "@/db/schema/index";
import { hashApiToken } from "@/server/auth/api-tokens";
import { getDb } from "@/server/db";
import { api, apiJson, PUBLISHER_TOKEN, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);
beforeEach(resetData);

describe("API tokens", () => {
  it("creates a token shown once, which then works, is listed without secrets, and stops working when revoked", async () => {
    const created = await apiJson("POST", "/apiTokens", { body: { properties: { displayName: "CI", role: "publisher" } } });
    expect(created.status).toBe(201);
    const { token, ...properties } = created.body.properties;
    expect(token).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    expect(properties).toEqual({
      displayName: "CI",
      prefix: token.slice(0, 8),
      role: "publisher",
      userId: null,
      gatewayId: null,
      state: "active",
      createdDate: expect.any(String),
      lastUsedDate: null,
      expirationDate: null,
      revokedDate: null,
    });
    const tokenId = created.body.name;
    expect(getDb().select().from(apiTokens).where(eq(apiTokens.id, tokenId)).get()!.tokenHash).toBe(hashApiToken(token));

    // The new token is a publisher: it may write products but not list tokens.
    expect((await api("PUT", "/products/p", { token, body: { properties: { displayName: "P" } } })).status).toBe(201);
    expect((await api("GET", "/apiTokens", { token })).status).toBe(403);

    const list = await apiJson("GET", "/apiTokens");
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(list.body.value.map((t: { name: string }) => t.name)).toContain(tokenId);
    const read = await apiJson("GET", `/apiTokens/${tokenId}`);
    expect(read.body.properties).toMatchObject({ state: "active", lastUsedDate: expect.any(String) });
    expect(read.body.properties.token).toBeUndefined();

    expect((await api("DELETE", `/apiTokens/${tokenId}`)).status).toBe(200);
    expect((await apiJson("GET", `/apiTokens/${tokenId}`)).body.properties).toMatchObject({ state: "revoked", revokedDate: expect.any(String) });
    expect((await api("GET", "/products", { token })).status).toBe(401);
    expect((await api("DELETE", "/apiTokens/0000000000000000")).status).toBe(204);
  });

  it("binds a token to a user, never above the user's role", async () => {
    const ok = await apiJson("POST", "/apiTokens", { body: { properties: { displayName: "Dev", role: "developer", userId: "/users/dev" } } });
    expect(ok.body.properties.userId).toBe("/users/dev");
    expect(await apiJson("POST", "/apiTokens", { body: { properties: { displayName: "Up", role: "administrator", userId: "dev" } } })).toEqual({
      status: 422,
      body: { error: { code: "UnprocessableEntity", message: "A token cannot have the role 'administrator': its user 'dev' is a developer." } },
    });
    expect((await apiJson("POST", "/apiTokens", { body: { properties: { displayName: "X", role: "developer", userId: "ghost" } } })).status).toBe(404);
  });

  it("answers 400 for a missing role, and for an expiry in the past", async () => {
    expect(await apiJson("POST", "/apiTokens", { body: { properties: { displayName: "X" } } })).toEqual({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message: 'properties.role must be one of "administrator", "publisher", "developer".',
          details: [{ target: "properties.role", message: 'must be one of "administrator", "publisher", "developer"' }],
        },
      },
    });
    const past = await apiJson("POST", "/apiTokens", {
      body: { properties: { displayName: "X", role: "developer", expirationDate: "2000-01-01T00:00:00Z" } },
    });
    expect(past.body.error.message).toBe("properties.expirationDate must be in the future.");
  });

  it("is for administrators only, and 404 for an unknown id", async () => {
    expect((await api("GET", "/apiTokens", { token: PUBLISHER_TOKEN })).status).toBe(403);
    expect((await api("POST", "/apiTokens", { token: PUBLISHER_TOKEN, body: { properties: { displayName: "X", role: "developer" } } })).status).toBe(403);
    expect((await apiJson("GET", "/apiTokens/0000000000000000")).body).toEqual({
      error: { code: "NotFound", message: "API token '0000000000000000' not found." },
    });
  });
});

describe("a token that belongs to a user follows that user", () => {
  const createCarolWithToken = async () => {
    expect((await api("PUT", "/users/carol", { body: { properties: { email: "carol@example.com", role: "administrator" } } })).status).toBe(201);
    const created = await apiJson("POST", "/apiTokens", { body: { properties: { displayName: "Carol", role: "administrator", userId: "carol" } } });
    return created.body.properties.token as string;
  };
  const newUser = (id: string) => ({ body: { properties: { email: `${id}@example.com`, role: "administrator" } } });

  it("acts with the owner's current role from the next request after a demotion", async () => {
    const token = await createCarolWithToken();
    expect((await api("PUT", "/users/x1", { token, ...newUser("x1") })).status).toBe(201);
    expect((await api("PATCH", "/users/carol", { body: { properties: { role: "developer" } } })).status).toBe(200);
    expect(await apiJson("PUT", "/users/x2", { token, ...newUser("x2") })).toEqual({
      status: 403,
      body: { error: { code: "Forbidden", message: "The developer role cannot PUT this resource; it requires administrator." } },
    });
    expect((await api("PATCH", "/users/carol", { token, body: { properties: { role: "administrator" } } })).status).toBe(403);
  });

  for (const state of ["blocked", "pending"] as const) {
    it(`stops working from the next request once the owner is ${state}`, async () => {
      const token = await createCarolWithToken();
      expect((await api("PATCH", "/users/carol", { body: { properties: { state } } })).status).toBe(200);
      expect(await apiJson("PATCH", "/users/carol", { token, body: { properties: { state: "active" } } })).toEqual({
        status: 401,
        body: { error: { code: "Unauthorized", message: "The bearer token is invalid, expired or revoked." } },
      });
    });
  }

  it("stops working once the owner is deleted", async () => {
    const token = await createCarolWithToken();
    expect((await api("DELETE", "/users/carol")).status).toBe(200);
    expect((await api("GET", "/apis", { token })).status).toBe(401);
  });
});
