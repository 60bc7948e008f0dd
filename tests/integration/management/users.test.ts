/** Users and groups through the management API's route handlers. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { users } from "@/db/schema/index";
import { verifyPassword } from "@/server/auth/password";
import { getDb } from "@/server/db";
import { api, apiJson, createProduct, PUBLISHER_TOKEN, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);
beforeEach(resetData);

const alice = { email: "Alice@Example.com", firstName: "Alice", lastName: "Liddell", role: "publisher", password: "correct horse battery" };

describe("users", () => {
  it("creates (201) with a hashed password that is never returned, replaces (200), patches, deletes (200, then 204)", async () => {
    const created = await apiJson("PUT", "/users/alice", { body: { properties: alice } });
    expect(created).toEqual({
      status: 201,
      body: {
        id: "/users/alice",
        name: "alice",
        properties: {
          email: "Alice@Example.com",
          firstName: "Alice",
          lastName: "Liddell",
          role: "publisher",
          state: "active",
          registrationDate: expect.any(String),
          lastLoginAt: null,
        },
      },
    });
    const stored = getDb().select().from(users).where(eq(users.id, "alice")).get()!;
    expect(await verifyPassword(alice.password, stored.passwordHash!)).toBe(true);

    // Replacing without a password keeps the one set.
    const { password: _password, ...withoutPassword } = alice;
    expect((await api("PUT", "/users/alice", { body: { properties: { ...withoutPassword, lastName: "L." } } })).status).toBe(200);
    expect(getDb().select().from(users).where(eq(users.id, "alice")).get()!.passwordHash).toBe(stored.passwordHash);

    const blocked = await apiJson("PATCH", "/users/alice", { body: { properties: { state: "blocked", password: "another password" } } });
    expect(blocked.body.properties).toMatchObject({ state: "blocked", lastName: "L." });
    expect(JSON.stringify(blocked.body)).not.toMatch(/password/i);
    expect(await verifyPassword("another password", getDb().select().from(users).where(eq(users.id, "alice")).get()!.passwordHash!)).toBe(true);

    const list = await apiJson("GET", "/users");
    expect(list.body.value.map((u: { name: string }) => u.name)).toEqual(["admin", "alice", "dev", "dev2"]);
    expect((await api("DELETE", "/users/alice")).status).toBe(200);
    expect((await api("DELETE", "/users/alice")).status).toBe(204);
    expect(await apiJson("GET", "/users/alice")).toEqual({ status: 404, body: { error: { code: "NotFound", message: "User 'alice' not found." } } });
  });

  it("answers 409 for an email another user has, ignoring case", async () => {
    await api("PUT", "/users/alice", { body: { properties: alice } });
    expect(await apiJson("PUT", "/users/alice2", { body: { properties: { ...alice, email: "alice@EXAMPLE.com" } } })).toEqual({
      status: 409,
      body: { error: { code: "Conflict", message: "A user with email 'Alice@Example.com' already exists: 'alice'." } },
    });
    expect((await apiJson("PATCH", "/users/dev", { body: { properties: { email: "ALICE@example.com" } } })).status).toBe(409);
  });

  it("answers 400 for a bad email, a short password and an unknown role (the one password rule: 12 characters)", async () => {
    const response = await apiJson("PUT", "/users/bob", { body: { properties: { email: "bob", password: "short", role: "root" } } });
    expect(response).toEqual({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message:
            'properties.email must be an email address. properties.role must be one of "administrator", "publisher", "developer". properties.password must be at least 12 characters long.',
          details: [
            { target: "properties.email", message: "must be an email address" },
            { target: "properties.role", message: 'must be one of "administrator", "publisher", "developer"' },
            { target: "properties.password", message: "must be at least 12 characters long" },
          ],
        },
      },
    });
  });

  it("refuses a blank, repetitive, common or keyboard-pattern password set by an administrator, saying why", async () => {
    const refusal = (reason: string) => ({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message: `properties.password ${reason}.`,
          details: [{ target: "properties.password", message: reason }],
        },
      },
    });
    const guessable = (because: string) =>
      `is too easy to guess: ${because}. Choose a longer one that is harder to guess, such as a few unrelated words`;
    const put = (password: string) => apiJson("PUT", "/users/bob", { body: { properties: { email: "bob@example.com", password } } });
    expect(await put(" ".repeat(12))).toEqual(refusal("must not be only spaces"));
    expect(await put("aaaaaaaaaaaa")).toEqual(refusal(guessable("it repeats characters (like 'aaaa')")));
    expect(await put("password1234")).toEqual(refusal(guessable("it is a common password, or very close to one")));
    expect(await apiJson("PATCH", "/users/dev", { body: { properties: { password: "qwertyuiop12" } } })).toEqual(
      refusal(guessable("it is a common password, or very close to one")),
    );
    expect(getDb().select().from(users).where(eq(users.id, "bob")).get()).toBeUndefined();
  });

  it("never removes the last active administrator (422)", async () => {
    const message = "User 'admin' is the last active administrator; make another user an administrator first.";
    const expected = { status: 422, body: { error: { code: "UnprocessableEntity", message } } };
    expect(await apiJson("DELETE", "/users/admin")).toEqual(expected);
    expect(await apiJson("PATCH", "/users/admin", { body: { properties: { role: "developer" } } })).toEqual(expected);
    expect(await apiJson("PATCH", "/users/admin", { body: { properties: { state: "blocked" } } })).toEqual(expected);
    await api("PUT", "/users/alice", { body: { properties: { ...alice, role: "administrator" } } });
    expect((await api("PATCH", "/users/admin", { body: { properties: { state: "blocked" } } })).status).toBe(200);
  });

  it("keeps a user who has subscriptions unless deleteSubscriptions=true", async () => {
    await createProduct("starter");
    await api("PUT", "/subscriptions/s", { body: { properties: { scope: "/products/starter", displayName: "S", ownerId: "dev2" } } });
    expect((await apiJson("DELETE", "/users/dev2")).body.error).toEqual({
      code: "Conflict",
      message: "User 'dev2' has 1 subscription; delete them first or pass deleteSubscriptions=true.",
    });
    // A fresh user for this test: dev2 owns the fixture's second developer token.
    await api("PUT", "/users/carol", { body: { properties: { email: "carol@example.com" } } });
    await api("PUT", "/subscriptions/c", { body: { properties: { scope: "/products/starter", displayName: "C", ownerId: "carol" } } });
    expect((await api("DELETE", "/users/carol?deleteSubscriptions=true")).status).toBe(200);
    expect((await api("GET", "/subscriptions/c")).status).toBe(404);
  });

  it("is for administrators only", async () => {
    expect(await apiJson("GET", "/users", { token: PUBLISHER_TOKEN })).toEqual({
      status: 403,
      body: { error: { code: "Forbidden", message: "The publisher role cannot GET this resource; it requires administrator." } },
    });
  });
});

describe("groups", () => {
  it("creates (201), replaces (200), patches, lists, deletes (200, then 204)", async () => {
    const created = await apiJson("PUT", "/groups/partners", { body: { properties: { displayName: "Partners" } } });
    expect(created).toEqual({
      status: 201,
      body: { id: "/groups/partners", name: "partners", properties: { displayName: "Partners", description: "", builtIn: false, type: "custom" } },
    });
    expect((await api("PUT", "/groups/partners", { body: { properties: { displayName: "Partners", description: "External" } } })).status).toBe(200);
    expect((await apiJson("PATCH", "/groups/partners", { body: { properties: { displayName: "Partner orgs" } } })).body.properties).toMatchObject({
      displayName: "Partner orgs",
      description: "External",
    });
    expect((await apiJson("GET", "/groups")).body.count).toBe(1);
    expect((await api("DELETE", "/groups/partners")).status).toBe(200);
    expect((await api("DELETE", "/groups/partners")).status).toBe(204);
    expect((await apiJson("GET", "/groups/partners")).body).toEqual({ error: { code: "NotFound", message: "Group 'partners' not found." } });
  });

  it("adds members (201, then 200), lists them, removes them (200, then 204); users outlive the group", async () => {
    await api("PUT", "/groups/partners", { body: { properties: { displayName: "Partners" } } });
    const added = await apiJson("PUT", "/groups/partners/users/dev");
    expect(added.status).toBe(201);
    expect(added.body.id).toBe("/users/dev");
    expect((await api("PUT", "/groups/partners/users/dev")).status).toBe(200);
    await api("PUT", "/groups/partners/users/dev2");
    expect((await apiJson("GET", "/groups/partners/users")).body.value.map((u: { name: string }) => u.name)).toEqual(["dev", "dev2"]);
    expect((await api("DELETE", "/groups/partners/users/dev")).status).toBe(200);
    expect((await api("DELETE", "/groups/partners/users/dev")).status).toBe(204);
    await api("DELETE", "/groups/partners");
    expect((await api("GET", "/users/dev2")).status).toBe(200);
  });

  it("answers 404 for an unknown group or user, and 400 for a bad id", async () => {
    await api("PUT", "/groups/partners", { body: { properties: { displayName: "Partners" } } });
    expect((await apiJson("PUT", "/groups/partners/users/ghost")).body.error.message).toBe("User 'ghost' not found.");
    expect((await apiJson("PUT", "/groups/ghost/users/dev")).body.error.message).toBe("Group 'ghost' not found.");
    expect((await api("GET", "/groups/ghost/users")).status).toBe(404);
    expect((await apiJson("PUT", "/groups/-bad", { body: { properties: { displayName: "X" } } })).body.error.details).toEqual([
      { target: "groupId", message: "must start with a letter or digit and contain only letters, digits, '-' and '_'" },
    ]);
  });
});
