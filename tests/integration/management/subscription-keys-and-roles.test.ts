/** Subscription keys, roles, listing and deleting through the management API's route handlers. */
import { describe, expect, it } from "vitest";
import { subscriptions } from "@/db/schema/index";
import { hashSubscriptionKey } from "@/db/subscription-keys";
import { getDb } from "@/server/db";
import { api, apiJson, createProduct, DEVELOPER_TOKEN, OTHER_DEVELOPER_TOKEN, PUBLISHER_TOKEN } from "@/tests/helpers/management-fixture";
import { hmacKey, putSubscription, storedRow, useSubscriptionFixture } from "./subscription-fixture";

useSubscriptionFixture();

describe("keys the gateway accepts", () => {
  it("listSecrets returns the keys whose HMAC the gateway finds; regenerating replaces exactly one", async () => {
    await putSubscription("s", { scope: "/apis/echo", displayName: "S" });
    const first = await apiJson("POST", "/subscriptions/s/listSecrets");
    expect(first.status).toBe(200);
    expect(first.body.primaryKey).toMatch(/^[0-9a-f]{32}$/);
    const row = storedRow("s");
    expect(hashSubscriptionKey(first.body.primaryKey, hmacKey())).toBe(row.primaryKeyHash);
    expect(hashSubscriptionKey(first.body.secondaryKey, hmacKey())).toBe(row.secondaryKeyHash);
    expect(row.primaryKeyEncrypted).not.toContain(first.body.primaryKey);

    const regenerated = await api("POST", "/subscriptions/s/regeneratePrimaryKey");
    expect(regenerated.status).toBe(204);
    const second = (await apiJson("POST", "/subscriptions/s/listSecrets")).body;
    expect(second.primaryKey).not.toBe(first.body.primaryKey);
    expect(second.secondaryKey).toBe(first.body.secondaryKey);
    expect(storedRow("s").primaryKeyHash).toBe(hashSubscriptionKey(second.primaryKey, hmacKey()));

    expect((await api("POST", "/subscriptions/s/regenerateSecondaryKey")).status).toBe(204);
    const third = (await apiJson("POST", "/subscriptions/s/listSecrets")).body;
    expect(third.primaryKey).toBe(second.primaryKey);
    expect(storedRow("s").secondaryKeyHash).toBe(hashSubscriptionKey(third.secondaryKey, hmacKey()));
  });

  it("answers 404 for the keys of an unknown subscription", async () => {
    expect((await api("POST", "/subscriptions/ghost/listSecrets")).status).toBe(404);
    expect((await api("POST", "/subscriptions/ghost/regeneratePrimaryKey")).status).toBe(404);
  });

  it("answers 405 for GET listSecrets", async () => {
    const response = await api("GET", "/subscriptions/s/listSecrets");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});

describe("roles", () => {
  it("lets a developer subscribe for themselves, see, rename, regenerate and cancel their own, and nothing else", async () => {
    const mine = await putSubscription("mine", { scope: "/products/starter", displayName: "Mine" }, DEVELOPER_TOKEN);
    expect(mine.body.properties).toMatchObject({ ownerId: "/users/dev", state: "active" });
    await putSubscription("theirs", { scope: "/products/starter", displayName: "Theirs" }, OTHER_DEVELOPER_TOKEN);

    const list = await apiJson("GET", "/subscriptions", { token: DEVELOPER_TOKEN });
    expect(list.body.value.map((s: { name: string }) => s.name)).toEqual(["mine"]);
    expect((await apiJson("GET", "/subscriptions?ownerId=dev2", { token: DEVELOPER_TOKEN })).body.count).toBe(0);
    expect((await api("GET", "/subscriptions/theirs", { token: DEVELOPER_TOKEN })).status).toBe(404);
    expect((await api("POST", "/subscriptions/theirs/listSecrets", { token: DEVELOPER_TOKEN })).status).toBe(404);
    expect((await api("POST", "/subscriptions/mine/listSecrets", { token: DEVELOPER_TOKEN })).status).toBe(200);
    expect((await api("POST", "/subscriptions/mine/regenerateSecondaryKey", { token: DEVELOPER_TOKEN })).status).toBe(204);
    expect((await apiJson("PATCH", "/subscriptions/mine", { token: DEVELOPER_TOKEN, body: { properties: { displayName: "Renamed" } } })).status).toBe(200);

    expect(await apiJson("PATCH", "/subscriptions/mine", { token: DEVELOPER_TOKEN, body: { properties: { state: "suspended" } } })).toEqual({
      status: 403,
      body: { error: { code: "Forbidden", message: "A developer can only rename or cancel their own subscription." } },
    });
    expect((await apiJson("PATCH", "/subscriptions/mine", { token: DEVELOPER_TOKEN, body: { properties: { state: "cancelled" } } })).body.properties.state).toBe(
      "cancelled",
    );
    expect((await api("DELETE", "/subscriptions/mine", { token: DEVELOPER_TOKEN })).status).toBe(403);
  });

  it("refuses a developer's subscription for someone else, to an API scope, with a state, or over an existing one", async () => {
    const cases: [object, string][] = [
      [{ scope: "/products/starter", displayName: "X", ownerId: "dev2" }, "A developer can only subscribe for themselves."],
      [{ scope: "/apis/echo", displayName: "X" }, "Developers subscribe to products: the scope must be /products/{productId}."],
      [{ scope: "/products/starter", displayName: "X", state: "suspended" }, "Only administrators set a subscription's state; this subscription starts 'active'."],
    ];
    for (const [properties, message] of cases) {
      expect(await putSubscription("x", properties, DEVELOPER_TOKEN)).toEqual({ status: 403, body: { error: { code: "Forbidden", message } } });
    }
    await putSubscription("taken", { scope: "/apis", displayName: "Admin's" });
    expect((await putSubscription("taken", { scope: "/products/starter", displayName: "X" }, DEVELOPER_TOKEN)).status).toBe(403);
  });

  it("hides unpublished products from a developer's subscribe", async () => {
    await createProduct("draft", { state: "notPublished" });
    expect((await putSubscription("x", { scope: "/products/draft", displayName: "X" }, DEVELOPER_TOKEN)).status).toBe(404);
  });

  it("lets publishers view subscriptions but not change them or see keys", async () => {
    await putSubscription("s", { scope: "/apis", displayName: "S" });
    expect((await apiJson("GET", "/subscriptions", { token: PUBLISHER_TOKEN })).body.count).toBe(1);
    expect((await api("GET", "/subscriptions/s", { token: PUBLISHER_TOKEN })).status).toBe(200);
    expect((await api("POST", "/subscriptions/s/listSecrets", { token: PUBLISHER_TOKEN })).status).toBe(403);
    expect((await api("PATCH", "/subscriptions/s", { token: PUBLISHER_TOKEN, body: { properties: { state: "suspended" } } })).status).toBe(403);
  });
});

describe("listing and deleting", () => {
  it("filters by state, scope and owner", async () => {
    await putSubscription("a", { scope: "/apis", displayName: "A", ownerId: "dev" });
    await putSubscription("b", { scope: "/products/starter", displayName: "B", ownerId: "dev", state: "submitted" });
    await putSubscription("c", { scope: "/products/starter", displayName: "C", ownerId: "dev2" });
    const names = async (query: string) => (await apiJson("GET", `/subscriptions${query}`)).body.value.map((s: { name: string }) => s.name);
    expect(await names("")).toEqual(["a", "b", "c"]);
    expect(await names("?state=submitted")).toEqual(["b"]);
    expect(await names("?scope=/products/starter")).toEqual(["b", "c"]);
    expect(await names("?ownerId=/users/dev&state=active")).toEqual(["a"]);
    const bad = await apiJson("GET", "/subscriptions?state=on");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].target).toBe("state");
  });

  it("deletes (200, then 204), and the keys are gone", async () => {
    await putSubscription("s", { scope: "/apis", displayName: "S" });
    expect((await api("DELETE", "/subscriptions/s")).status).toBe(200);
    expect((await api("DELETE", "/subscriptions/s")).status).toBe(204);
    expect(getDb().select().from(subscriptions).all()).toEqual([]);
  });
});
