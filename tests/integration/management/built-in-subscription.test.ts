/** The built-in all-access subscription (APIM's `master`): present, usable, and impossible to remove or suspend. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BUILT_IN_SUBSCRIPTION_ID } from "@/db/built-in-subscription";
import { loadInstanceSecrets } from "@/db/secrets";
import { getDb } from "@/server/db";
import { ensureBuiltInSubscription } from "@/server/subscriptions/built-in-subscription";
import { api, apiJson, createApi, PUBLISHER_TOKEN, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);
beforeEach(async () => {
  resetData();
  ensureBuiltInSubscription(getDb(), loadInstanceSecrets(process.env.PORTCULLIS_DB!));
  await createApi("echo");
});

const path = `/subscriptions/${BUILT_IN_SUBSCRIPTION_ID}`;

describe("the built-in all-access subscription", () => {
  it("exists, active, scoped to every API, owned by no user", async () => {
    const { status, body } = await apiJson("GET", path);
    expect(status).toBe(200);
    expect(body.properties).toMatchObject({ scope: "/apis", displayName: "Built-in all-access subscription", state: "active", ownerId: null });
  });

  it("is created once: a second ensure keeps its keys", async () => {
    const before = (await apiJson("POST", `${path}/listSecrets`)).body;
    ensureBuiltInSubscription(getDb(), loadInstanceSecrets(process.env.PORTCULLIS_DB!));
    expect((await apiJson("POST", `${path}/listSecrets`)).body).toEqual(before);
  });

  it("shows its keys to administrators and lets them regenerate one", async () => {
    const before = (await apiJson("POST", `${path}/listSecrets`)).body;
    expect(before.primaryKey).toMatch(/^[0-9a-f]{32}$/);
    expect((await api("POST", `${path}/regeneratePrimaryKey`)).status).toBe(204);
    const after = (await apiJson("POST", `${path}/listSecrets`)).body;
    expect(after.primaryKey).not.toBe(before.primaryKey);
    expect(after.secondaryKey).toBe(before.secondaryKey);
  });

  it("hides its keys from publishers", async () => {
    expect((await api("POST", `${path}/listSecrets`, { token: PUBLISHER_TOKEN })).status).toBe(403);
  });

  it.each([
    ["deleted", () => apiJson("DELETE", path), "The built-in all-access subscription cannot be deleted."],
    ["suspended", () => apiJson("PATCH", path, { body: { properties: { state: "suspended" } } }), "The built-in all-access subscription cannot be suspended, cancelled or otherwise taken out of service."],
    ["replaced", () => apiJson("PUT", path, { body: { properties: { scope: "/apis/echo", displayName: "Mine" } } }), "The built-in all-access subscription cannot be replaced."],
  ])("cannot be %s (422)", async (_what, call, message) => {
    const { status, body } = await call();
    expect(status).toBe(422);
    expect(body.error.message).toBe(message);
    expect((await apiJson("GET", path)).body.properties.state).toBe("active");
  });

  it("can be renamed", async () => {
    expect((await apiJson("PATCH", path, { body: { properties: { displayName: "Console key" } } })).body.properties.displayName).toBe("Console key");
  });
});
