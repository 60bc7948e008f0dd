/** Products and their APIs through the management API's route handlers. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  api,
  apiJson,
  createApi,
  createProduct,
  DEVELOPER_TOKEN,
  PUBLISHER_TOKEN,
  resetData,
  setUpManagementApi,
  tearDownManagementApi,
} from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);
beforeEach(resetData);

const starter = { displayName: "Starter", description: "Try it", subscriptionsLimit: 1, state: "published" };

describe("product lifecycle", () => {
  it("creates (201), replaces (200), patches, reads, lists, deletes (200, then 204)", async () => {
    const created = await apiJson("PUT", "/products/starter", { body: { properties: starter } });
    expect(created).toEqual({
      status: 201,
      body: {
        id: "/products/starter",
        name: "starter",
        properties: {
          displayName: "Starter",
          description: "Try it",
          subscriptionRequired: true,
          approvalRequired: false,
          subscriptionsLimit: 1,
          state: "published",
        },
      },
    });
    const replaced = await apiJson("PUT", "/products/starter", { body: { properties: { displayName: "Starter 2" } } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.properties).toEqual({
      displayName: "Starter 2",
      description: "",
      subscriptionRequired: true,
      approvalRequired: false,
      subscriptionsLimit: null,
      state: "notPublished",
    });
    const patched = await apiJson("PATCH", "/products/starter", { body: { properties: { approvalRequired: true, subscriptionsLimit: 3 } } });
    expect(patched.status).toBe(200);
    expect(patched.body.properties).toMatchObject({ displayName: "Starter 2", approvalRequired: true, subscriptionsLimit: 3 });
    const cleared = await apiJson("PATCH", "/products/starter", { body: { properties: { subscriptionsLimit: null } } });
    expect(cleared.body.properties.subscriptionsLimit).toBeNull();

    expect((await apiJson("GET", "/products/starter")).body.properties.displayName).toBe("Starter 2");
    const list = await apiJson("GET", "/products");
    expect(list.body).toMatchObject({ count: 1, nextLink: null });
    expect(list.body.value.map((p: { name: string }) => p.name)).toEqual(["starter"]);

    expect((await api("DELETE", "/products/starter")).status).toBe(200);
    expect((await api("DELETE", "/products/starter")).status).toBe(204);
    expect(await apiJson("GET", "/products/starter")).toEqual({
      status: 404,
      body: { error: { code: "NotFound", message: "Product 'starter' not found." } },
    });
  });

  it("pages the list with $top and $skip", async () => {
    for (const id of ["a", "b", "c"]) await createProduct(id);
    const first = await apiJson("GET", "/products?$top=2");
    expect(first.body.value.map((p: { name: string }) => p.name)).toEqual(["a", "b"]);
    expect(first.body.count).toBe(3);
    const next = new URL(first.body.nextLink);
    expect(next.searchParams.get("$skip")).toBe("2");
    const last = await apiJson("GET", `/products${next.search}`);
    expect(last.body).toMatchObject({ count: 3, nextLink: null });
  });

  it("lets a publisher manage products", async () => {
    const response = await api("PUT", "/products/pub", { token: PUBLISHER_TOKEN, body: { properties: starter } });
    expect(response.status).toBe(201);
  });

  it("shows developers published products only, and hides the others as 404", async () => {
    await createProduct("open");
    await createProduct("hidden", { state: "notPublished" });
    const list = await apiJson("GET", "/products", { token: DEVELOPER_TOKEN });
    expect(list.body.value.map((p: { name: string }) => p.name)).toEqual(["open"]);
    expect(list.body.count).toBe(1);
    expect((await api("GET", "/products/hidden", { token: DEVELOPER_TOKEN })).status).toBe(404);
    expect((await api("GET", "/products/hidden/apis", { token: DEVELOPER_TOKEN })).status).toBe(404);
    expect((await api("GET", "/products/open/apis", { token: DEVELOPER_TOKEN })).status).toBe(200);
  });

  it("refuses developers' writes with 403", async () => {
    const response = await apiJson("PUT", "/products/x", { token: DEVELOPER_TOKEN, body: { properties: starter } });
    expect(response).toEqual({
      status: 403,
      body: { error: { code: "Forbidden", message: "The developer role cannot PUT this resource; it requires administrator or publisher." } },
    });
  });
});

describe("product validation", () => {
  it("answers 400 naming every invalid field", async () => {
    const response = await apiJson("PUT", "/products/starter", {
      body: { properties: { displayName: " ", subscriptionsLimit: 0, state: "live" } },
    });
    expect(response).toEqual({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message: 'properties.displayName must not be empty. properties.subscriptionsLimit must be at least 1. properties.state must be one of "published", "notPublished".',
          details: [
            { target: "properties.displayName", message: "must not be empty" },
            { target: "properties.subscriptionsLimit", message: "must be at least 1" },
            { target: "properties.state", message: 'must be one of "published", "notPublished"' },
          ],
        },
      },
    });
  });

  it("refuses approval or a limit on a product that requires no subscription, also through PATCH", async () => {
    const put = await apiJson("PUT", "/products/free", {
      body: { properties: { displayName: "Free", subscriptionRequired: false, approvalRequired: true } },
    });
    expect(put).toEqual({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message: "properties.approvalRequired can be true only when subscriptionRequired is true.",
          details: [{ target: "properties.approvalRequired", message: "can be true only when subscriptionRequired is true" }],
        },
      },
    });
    await createProduct("limited", { subscriptionsLimit: 2 });
    const patch = await apiJson("PATCH", "/products/limited", { body: { properties: { subscriptionRequired: false } } });
    expect(patch.status).toBe(400);
    expect(patch.body.error.message).toBe("properties.subscriptionsLimit can be set only when subscriptionRequired is true.");
  });

  it("refuses a bad product id and a PATCH of an unknown product", async () => {
    const bad = await apiJson("PUT", "/products/bad.id", { body: { properties: starter } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("productId must start with a letter or digit and contain only letters, digits, '-' and '_'.");
    const ghost = await apiJson("PATCH", "/products/ghost", { body: { properties: { description: "x" } } });
    expect(ghost).toEqual({ status: 404, body: { error: { code: "NotFound", message: "Product 'ghost' not found." } } });
  });
});

describe("deleting a product that has subscriptions", () => {
  it("answers 409 unless deleteSubscriptions=true, which deletes them too", async () => {
    await createProduct("starter");
    await api("PUT", "/subscriptions/s1", { body: { properties: { scope: "/products/starter", displayName: "S1" } } });
    const refused = await apiJson("DELETE", "/products/starter");
    expect(refused).toEqual({
      status: 409,
      body: {
        error: {
          code: "Conflict",
          message: "Product 'starter' has 1 subscription; delete them first or pass deleteSubscriptions=true.",
        },
      },
    });
    expect((await api("DELETE", "/products/starter?deleteSubscriptions=true")).status).toBe(200);
    expect((await api("GET", "/subscriptions/s1")).status).toBe(404);
  });

  it("deletes the product's policy with it", async () => {
    await createProduct("starter");
    await api("PUT", "/products/starter/policies/policy", { body: { properties: { value: "<policies/>" } } });
    await api("DELETE", "/products/starter");
    await createProduct("starter");
    expect((await api("GET", "/products/starter/policies/policy")).status).toBe(404);
  });
});

describe("product APIs", () => {
  it("links (201, then 200), lists and unlinks (200, then 204)", async () => {
    await createProduct("starter");
    await createApi("echo");
    await createApi("chat");
    const linked = await apiJson("PUT", "/products/starter/apis/echo");
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({ id: "/apis/echo", name: "echo" });
    expect((await api("PUT", "/products/starter/apis/echo")).status).toBe(200);
    await api("PUT", "/products/starter/apis/chat");
    const list = await apiJson("GET", "/products/starter/apis");
    expect(list.body.value.map((a: { name: string }) => a.name)).toEqual(["chat", "echo"]);
    expect(list.body.count).toBe(2);
    expect((await api("DELETE", "/products/starter/apis/echo")).status).toBe(200);
    expect((await api("DELETE", "/products/starter/apis/echo")).status).toBe(204);
    expect((await apiJson("GET", "/products/starter/apis")).body.count).toBe(1);
  });

  it("lists an API's products, only the published ones to developers", async () => {
    await createProduct("starter");
    await createProduct("draft", { state: "notPublished" });
    await createApi("echo");
    await api("PUT", "/products/starter/apis/echo");
    await api("PUT", "/products/draft/apis/echo");
    const all = await apiJson("GET", "/apis/echo/products");
    expect(all.body.value.map((p: { name: string }) => p.name)).toEqual(["draft", "starter"]);
    expect(all.body.count).toBe(2);
    const published = await apiJson("GET", "/apis/echo/products", { token: DEVELOPER_TOKEN });
    expect(published.body.value.map((p: { name: string }) => p.name)).toEqual(["starter"]);
    expect(published.body.count).toBe(1);
    expect((await apiJson("GET", "/apis/ghost/products")).status).toBe(404);
  });

  it("answers 404 for an unknown product or API", async () => {
    await createProduct("starter");
    await createApi("echo");
    expect(await apiJson("PUT", "/products/starter/apis/ghost")).toEqual({
      status: 404,
      body: { error: { code: "NotFound", message: "API 'ghost' not found." } },
    });
    expect(await apiJson("PUT", "/products/ghost/apis/echo")).toEqual({
      status: 404,
      body: { error: { code: "NotFound", message: "Product 'ghost' not found." } },
    });
    expect((await api("DELETE", "/products/starter/apis/ghost")).status).toBe(404);
    expect((await api("GET", "/products/ghost/apis")).status).toBe(404);
  });

  it("bumps config_revision when a link changes, so gateways reload", async () => {
    await createProduct("starter");
    await createApi("echo");
    const { getDb } = await import("@/server/db");
    const revision = () => (getDb().$client.prepare("SELECT revision FROM config_revision").get() as { revision: number }).revision;
    const before = revision();
    await api("PUT", "/products/starter/apis/echo");
    expect(revision()).toBeGreaterThan(before);
  });
});
