/**
 * What the developer portal shows: the catalog (APIs in published products only), an API's
 * page, and a developer's own keys for it, with subscriptions made through the management API
 * as the portal makes them (approval, limits, the message the portal shows for a full limit).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ManagementRequestError } from "@/components/admin/management-fetch";
import { subscribeErrorMessage } from "@/components/portal/subscribe-button";
import { getDb } from "@/server/db";
import { getPortalApiOrThrow } from "@/server/portal/get-portal-api-or-throw";
import { listOwnKeysForApi } from "@/server/portal/list-own-keys-for-api";
import { listOwnSubscriptions } from "@/server/portal/list-own-subscriptions";
import { listPortalApis } from "@/server/portal/list-portal-apis";
import { listPortalProducts } from "@/server/portal/list-portal-products";
import { ownStatesByProduct } from "@/server/portal/own-states-by-product";
import { getKeySecrets } from "@/server/subscriptions/instance-secrets";
import { api, apiJson, createApi, createProduct, DEVELOPER_TOKEN, OTHER_DEVELOPER_TOKEN, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);

const dev = { role: "developer" as const, userId: "dev" };
const other = { role: "developer" as const, userId: "dev2" };
const link = async (productId: string, apiId: string) => expect((await api("PUT", `/products/${productId}/apis/${apiId}`)).status).toBeLessThan(300);
const subscribe = (sid: string, productId: string, token = DEVELOPER_TOKEN) =>
  apiJson("PUT", `/subscriptions/${sid}`, { token, body: { properties: { scope: `/products/${productId}`, displayName: `My ${productId}` } } });

beforeEach(async () => {
  resetData();
  await createApi("chat");
  await createApi("prices");
  await createApi("hidden");
  await createApi("loose");
  await createProduct("starter", { displayName: "Starter", description: "Chat for everyone." });
  await createProduct("gold", { displayName: "Gold", approvalRequired: true, subscriptionsLimit: 1 });
  await createProduct("draft", { displayName: "Draft", state: "notPublished" });
  await link("starter", "chat");
  await link("gold", "chat");
  await link("gold", "prices");
  await link("draft", "hidden");
});

describe("the catalog", () => {
  it("lists only APIs in published products, each with those products", () => {
    const catalog = listPortalApis(getDb());
    expect(catalog.map((e) => e.api.id)).toEqual(["chat", "prices"]);
    expect(catalog[0]!.products.map((p) => p.id)).toEqual(["gold", "starter"]);
  });

  it("searches display name, description and path, ignoring case", async () => {
    expect((await api("PATCH", "/apis/prices", { body: { properties: { description: "Live stock TICKS" } } })).status).toBe(200);
    expect(listPortalApis(getDb(), { search: "ticks" }).map((e) => e.api.id)).toEqual(["prices"]);
    expect(listPortalApis(getDb(), { search: "CHA" }).map((e) => e.api.id)).toEqual(["chat"]);
    expect(listPortalApis(getDb(), { search: "hidden" })).toEqual([]);
  });

  it("shows an API page only for a visible API, unless a publisher previews it", () => {
    expect(getPortalApiOrThrow(getDb(), "chat").products.map((p) => p.id)).toEqual(["gold", "starter"]);
    expect(() => getPortalApiOrThrow(getDb(), "hidden")).toThrow("API 'hidden' not found.");
    expect(() => getPortalApiOrThrow(getDb(), "loose")).toThrow("API 'loose' not found.");
    expect(getPortalApiOrThrow(getDb(), "hidden", { includeUnpublished: true }).products).toEqual([]);
  });

  it("lists published products with their APIs, by display name", () => {
    expect(listPortalProducts(getDb()).map(({ product, apis }) => [product.id, apis.map((a) => a.id)])).toEqual([
      ["gold", ["chat", "prices"]],
      ["starter", ["chat"]],
    ]);
  });
});

describe("a developer's subscriptions and keys", () => {
  it("has no keys for an API before subscribing, then the active subscription's two keys", async () => {
    expect(listOwnKeysForApi(getDb(), getKeySecrets(), dev, "chat")).toEqual({ keys: [], pending: [] });
    expect((await subscribe("mine", "starter")).body.properties.state).toBe("active");
    const { keys, pending } = listOwnKeysForApi(getDb(), getKeySecrets(), dev, "chat");
    const secrets = await apiJson("POST", "/subscriptions/mine/listSecrets", { token: DEVELOPER_TOKEN });
    expect(keys).toEqual([{ subscriptionId: "mine", label: "My starter", ...secrets.body }]);
    expect(pending).toEqual([]);
    // The product does not contain prices; another developer sees none of it.
    expect(listOwnKeysForApi(getDb(), getKeySecrets(), dev, "prices").keys).toEqual([]);
    expect(listOwnKeysForApi(getDb(), getKeySecrets(), other, "chat").keys).toEqual([]);
  });

  it("reads the developer's own keys for their page without an audit row; the developer revealing a key is one", async () => {
    expect((await subscribe("mine", "starter")).status).toBe(201);
    const keyReads = () => (getDb().$client.prepare("SELECT actor_label AS actor FROM audit_log WHERE action = 'listSecrets'").all() as { actor: string }[]).map((r) => r.actor);
    expect(listOwnKeysForApi(getDb(), getKeySecrets(), dev, "chat").keys).toHaveLength(1);
    expect(keyReads()).toEqual([]);
    expect((await api("POST", "/subscriptions/mine/listSecrets", { token: DEVELOPER_TOKEN })).status).toBe(200);
    expect(keyReads()).toEqual(["developer token (dev@example.com)"]);
  });

  it("keeps an approval-required subscription pending, without keys, until an administrator approves it", async () => {
    expect((await subscribe("gold-1", "gold")).body.properties.state).toBe("submitted");
    expect(listOwnKeysForApi(getDb(), getKeySecrets(), dev, "prices")).toMatchObject({ keys: [], pending: [{ id: "gold-1" }] });
    expect(ownStatesByProduct(getDb(), "dev").get("gold")).toEqual({ submitted: 1 });
    expect((await api("PATCH", "/subscriptions/gold-1", { body: { properties: { state: "active" } } })).status).toBe(200);
    expect(listOwnKeysForApi(getDb(), getKeySecrets(), dev, "prices").keys.map((k) => k.subscriptionId)).toEqual(["gold-1"]);
    expect(ownStatesByProduct(getDb(), "dev").get("gold")).toEqual({ active: 1 });
  });

  it("enforces the product's limit, and the portal words the refusal for the developer", async () => {
    expect((await subscribe("gold-1", "gold")).status).toBe(201);
    const refused = await subscribe("gold-2", "gold");
    expect(refused.status).toBe(409);
    const error = new ManagementRequestError(refused.status, refused.body.error.code, refused.body.error.message, refused.body.error.details);
    expect(subscribeErrorMessage(error, { id: "gold", displayName: "Gold", approvalRequired: true, subscriptionsLimit: 1 })).toBe(
      "You already have 1 subscription to Gold, the most it allows per developer. Cancel one on your profile to subscribe again.",
    );
    // Cancelling frees the place.
    expect((await api("PATCH", "/subscriptions/gold-1", { token: DEVELOPER_TOKEN, body: { properties: { state: "cancelled" } } })).status).toBe(200);
    expect((await subscribe("gold-3", "gold")).status).toBe(201);
  });

  it("cannot subscribe to an unpublished product", async () => {
    const refused = await subscribe("draft-1", "draft");
    expect(refused.status).toBe(404);
  });

  it("lists the developer's own subscriptions on the profile, newest first, with their scopes' names", async () => {
    // Only the clock is faked (timers stay real): "second" is created a minute after "first".
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-01-01T10:00:00Z") });
    try {
      await subscribe("first", "starter");
      vi.setSystemTime(Date.parse("2026-01-01T10:01:00Z"));
      await subscribe("second", "gold");
    } finally {
      vi.useRealTimers();
    }
    expect((await subscribe("theirs", "starter", OTHER_DEVELOPER_TOKEN)).status).toBe(201);
    const own = listOwnSubscriptions(getDb(), "dev");
    expect(own.map((s) => [s.subscription.name, s.subscription.properties.state, s.scope])).toEqual([
      ["second", "submitted", { kind: "product", label: "Gold", href: "/products#product-gold" }],
      ["first", "active", { kind: "product", label: "Starter", href: "/products#product-starter" }],
    ]);
  });
});
