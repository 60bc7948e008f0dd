/** Subscriptions and their lifecycle through the management API's route handlers. */
import { describe, expect, it } from "vitest";
import { api, apiJson, createProduct, DEVELOPER_TOKEN } from "@/tests/helpers/management-fixture";
import { putSubscription, storedRow, useSubscriptionFixture } from "./subscription-fixture";

useSubscriptionFixture();

describe("creating subscriptions", () => {
  it("creates one with generated keys that never appear in GET bodies", async () => {
    const created = await putSubscription("s1", { scope: "/products/starter", displayName: "Mine", ownerId: "/users/dev" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: "/subscriptions/s1",
      name: "s1",
      properties: {
        scope: "/products/starter",
        displayName: "Mine",
        ownerId: "/users/dev",
        state: "active",
        stateComment: null,
        allowTracing: false,
        createdDate: expect.any(String),
        startDate: expect.any(String),
        expirationDate: null,
        endDate: null,
      },
    });
    const read = await apiJson("GET", "/subscriptions/s1");
    expect(JSON.stringify(read.body)).not.toMatch(/primaryKey|secondaryKey/);
  });

  it("accepts /apis, /apis/{apiId}, ARM-style ids and bare owner ids", async () => {
    expect((await putSubscription("all", { scope: "/apis", displayName: "All" })).status).toBe(201);
    expect((await putSubscription("one", { scope: "/apis/echo/", displayName: "One", ownerId: "dev" })).body.properties).toMatchObject({
      scope: "/apis/echo",
      ownerId: "/users/dev",
    });
    const arm = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ApiManagement/service/apim";
    const ported = await putSubscription("arm", { scope: `${arm}/products/starter`, displayName: "Ported", ownerId: `${arm}/users/dev2` });
    expect(ported.body.properties).toMatchObject({ scope: "/products/starter", ownerId: "/users/dev2" });
  });

  it("answers 404 for a scope or owner that does not exist", async () => {
    expect(await putSubscription("s", { scope: "/products/ghost", displayName: "S" })).toEqual({
      status: 404,
      body: { error: { code: "NotFound", message: "Product 'ghost' not found." } },
    });
    expect((await putSubscription("s", { scope: "/apis/ghost", displayName: "S" })).body.error.message).toBe("API 'ghost' not found.");
    expect((await putSubscription("s", { scope: "/apis", displayName: "S", ownerId: "nobody" })).body.error.message).toBe("User 'nobody' not found.");
  });

  it("answers 400 for a bad scope, bad keys and equal keys", async () => {
    const response = await putSubscription("s", {
      scope: "/users/dev",
      displayName: "S",
      primaryKey: "short",
      secondaryKey: "has spaces in it, sadly",
    });
    expect(response).toEqual({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message:
            "properties.scope must be /apis, /apis/{apiId} or /products/{productId}. properties.primaryKey must be at least 16 characters long. " +
            "properties.secondaryKey must contain only letters, digits, '-', '.', '_' and '~'.",
          details: [
            { target: "properties.scope", message: "must be /apis, /apis/{apiId} or /products/{productId}" },
            { target: "properties.primaryKey", message: "must be at least 16 characters long" },
            { target: "properties.secondaryKey", message: "must contain only letters, digits, '-', '.', '_' and '~'" },
          ],
        },
      },
    });
    const same = await putSubscription("s", { scope: "/apis", displayName: "S", primaryKey: "k".repeat(20), secondaryKey: "k".repeat(20) });
    expect(same.body.error.details).toEqual([{ target: "properties.secondaryKey", message: "must differ from primaryKey" }]);
  });

  it("keeps an administrator's keys, and answers 400 without naming anything when another subscription uses one", async () => {
    const primaryKey = "caller-chosen-key-0001";
    const secondaryKey = "caller-chosen-key-0002";
    expect((await putSubscription("s1", { scope: "/apis", displayName: "S1", primaryKey, secondaryKey })).status).toBe(201);
    expect((await apiJson("POST", "/subscriptions/s1/listSecrets")).body).toEqual({ primaryKey, secondaryKey });
    // One subscription's secondary key cannot become another's primary: the gateway looks keys up in both columns.
    const clash = await putSubscription("s2", { scope: "/apis", displayName: "S2", primaryKey: secondaryKey });
    const unusable = (field: string) => ({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message: "This key cannot be used; choose another.",
          details: [{ target: `properties.${field}`, message: "This key cannot be used; choose another." }],
        },
      },
    });
    expect(clash).toEqual(unusable("primaryKey"));
    expect(await putSubscription("s2", { scope: "/apis", displayName: "S2", secondaryKey: primaryKey })).toEqual(unusable("secondaryKey"));
    expect(storedRow("s2")).toBeUndefined();
  });

  it("refuses keys a developer chooses, on create and on replace, and generates them instead", async () => {
    const message = "Developers cannot choose subscription keys: leave out primaryKey and secondaryKey and the portal generates them.";
    const chosen = await putSubscription("mine", { scope: "/products/starter", displayName: "Mine", primaryKey: "developer-chosen-key-01", secondaryKey: "developer-chosen-key-02" }, DEVELOPER_TOKEN);
    expect(chosen).toEqual({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message,
          details: [
            { target: "properties.primaryKey", message },
            { target: "properties.secondaryKey", message },
          ],
        },
      },
    });
    expect(storedRow("mine")).toBeUndefined();
    // Another subscription's key is refused the same way: the answer says nothing about it.
    await putSubscription("admins", { scope: "/apis", displayName: "A", primaryKey: "taken-by-someone-else-01" });
    const probe = await putSubscription("mine", { scope: "/products/starter", displayName: "Mine", secondaryKey: "taken-by-someone-else-01" }, DEVELOPER_TOKEN);
    expect(probe.body.error).toEqual({ code: "ValidationError", message, details: [{ target: "properties.secondaryKey", message }] });
    expect((await putSubscription("mine", { scope: "/products/starter", displayName: "Mine" }, DEVELOPER_TOKEN)).status).toBe(201);
    expect(storedRow("mine").primaryKeyHash).toMatch(/^[0-9a-f]+$/);
  });

  it("replaces a subscription (200) and keeps its keys unless new ones are given", async () => {
    await putSubscription("s1", { scope: "/apis", displayName: "S1" });
    const keys = (await apiJson("POST", "/subscriptions/s1/listSecrets")).body;
    const replaced = await putSubscription("s1", { scope: "/apis/echo", displayName: "S1 renamed" });
    expect(replaced.status).toBe(200);
    expect(replaced.body.properties).toMatchObject({ scope: "/apis/echo", displayName: "S1 renamed", state: "active" });
    expect((await apiJson("POST", "/subscriptions/s1/listSecrets")).body).toEqual(keys);
  });
});

describe("approval and limits", () => {
  it("starts a developer's subscription to an approval product as submitted; an administrator approves it", async () => {
    await createProduct("gold", { approvalRequired: true });
    const created = await putSubscription("mine", { scope: "/products/gold", displayName: "Mine" }, DEVELOPER_TOKEN);
    expect(created.status).toBe(201);
    expect(created.body.properties).toMatchObject({ state: "submitted", ownerId: "/users/dev", startDate: null });
    const approved = await apiJson("PATCH", "/subscriptions/mine", { body: { properties: { state: "active", stateComment: "Welcome" } } });
    expect(approved.status).toBe(200);
    expect(approved.body.properties).toMatchObject({ state: "active", stateComment: "Welcome", startDate: expect.any(String) });
  });

  it("lets administrators set the initial state directly", async () => {
    await createProduct("gold", { approvalRequired: true });
    expect((await putSubscription("direct", { scope: "/products/gold", displayName: "D", ownerId: "dev", state: "active" })).body.properties.state).toBe("active");
    expect((await putSubscription("waiting", { scope: "/products/gold", displayName: "W", ownerId: "dev" })).body.properties.state).toBe("submitted");
  });

  it("enforces subscriptionsLimit per owner with 409, counting live subscriptions only", async () => {
    await createProduct("single", { subscriptionsLimit: 1 });
    expect((await putSubscription("a", { scope: "/products/single", displayName: "A", ownerId: "dev" })).status).toBe(201);
    expect(await putSubscription("b", { scope: "/products/single", displayName: "B", ownerId: "dev" })).toEqual({
      status: 409,
      body: { error: { code: "Conflict", message: "User 'dev' already holds 1 subscription to product 'single', its limit per user." } },
    });
    // Another owner has their own allowance; a cancelled subscription frees the place.
    expect((await putSubscription("c", { scope: "/products/single", displayName: "C", ownerId: "dev2" })).status).toBe(201);
    await api("PATCH", "/subscriptions/a", { body: { properties: { state: "cancelled" } } });
    expect((await putSubscription("b", { scope: "/products/single", displayName: "B", ownerId: "dev" })).status).toBe(201);
  });

  it("refuses to reactivate an expired subscription past the limit", async () => {
    await createProduct("single", { subscriptionsLimit: 1 });
    await putSubscription("old", { scope: "/products/single", displayName: "Old", ownerId: "dev" });
    await api("PATCH", "/subscriptions/old", { body: { properties: { state: "expired" } } });
    await putSubscription("new", { scope: "/products/single", displayName: "New", ownerId: "dev" });
    const revived = await apiJson("PATCH", "/subscriptions/old", { body: { properties: { state: "active" } } });
    expect(revived.status).toBe(409);
  });
});

describe("state transitions", () => {
  it("walks submitted → active → suspended → active → cancelled and stamps the dates", async () => {
    await putSubscription("s", { scope: "/apis", displayName: "S", state: "submitted" });
    const states: string[] = [];
    for (const state of ["active", "suspended", "active", "cancelled"]) {
      const response = await apiJson("PATCH", "/subscriptions/s", { body: { properties: { state } } });
      expect(response.status).toBe(200);
      states.push(response.body.properties.state);
    }
    expect(states).toEqual(["active", "suspended", "active", "cancelled"]);
    expect((await apiJson("GET", "/subscriptions/s")).body.properties.endDate).toEqual(expect.any(String));
  });

  it("rejects a submitted subscription", async () => {
    await putSubscription("s", { scope: "/apis", displayName: "S", state: "submitted" });
    expect((await apiJson("PATCH", "/subscriptions/s", { body: { properties: { state: "rejected" } } })).body.properties.state).toBe("rejected");
  });

  it("answers 422 for an illegal transition, naming the allowed ones", async () => {
    await putSubscription("s", { scope: "/apis", displayName: "S", state: "submitted" });
    expect(await apiJson("PATCH", "/subscriptions/s", { body: { properties: { state: "suspended" } } })).toEqual({
      status: 422,
      body: {
        error: {
          code: "UnprocessableEntity",
          message: "Subscription 's' cannot go from 'submitted' to 'suspended'. From 'submitted' it can go to: active, rejected, cancelled.",
          details: [{ target: "properties.state", message: "cannot change from 'submitted' to 'suspended'" }],
        },
      },
    });
    await api("PATCH", "/subscriptions/s", { body: { properties: { state: "cancelled" } } });
    const final = await apiJson("PATCH", "/subscriptions/s", { body: { properties: { state: "active" } } });
    expect(final.body.error.message).toBe("Subscription 's' cannot go from 'cancelled' to 'active'. 'cancelled' is final.");
    // PUT goes through the same rules.
    expect((await putSubscription("s", { scope: "/apis", displayName: "S", state: "active" })).status).toBe(422);
  });

  it("answers 400 for an unknown state and 404 for an unknown subscription", async () => {
    await putSubscription("s", { scope: "/apis", displayName: "S" });
    const bad = await apiJson("PATCH", "/subscriptions/s", { body: { properties: { state: "approved" } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].target).toBe("properties.state");
    expect(await apiJson("PATCH", "/subscriptions/ghost", { body: { properties: { state: "active" } } })).toEqual({
      status: 404,
      body: { error: { code: "NotFound", message: "Subscription 'ghost' not found." } },
    });
  });
});
