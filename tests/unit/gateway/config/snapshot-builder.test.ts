import { describe, expect, it } from "vitest";
import type { ConfigApiRow, ConfigRows, ConfigSubscriptionRow } from "@/gateway/config/config-rows";
import { buildSnapshot, SnapshotBuilder } from "@/gateway/config/snapshot-builder";

const KEY = Buffer.alloc(32, 7);
const GLOBAL = `<policies><inbound><check-header name="x-global" failed-check-httpcode="401" failed-check-error-message="no" ignore-case="true" /></inbound></policies>`;
const API_DOC = `<policies><inbound><base /><check-header name="x-api" failed-check-httpcode="401" failed-check-error-message="no" ignore-case="true" /></inbound></policies>`;

function api(id: string, overrides: Partial<ConfigApiRow> = {}): ConfigApiRow {
  return {
    id,
    displayName: id,
    path: id,
    serviceUrl: `ws://backend/${id}`,
    protocols: ["ws"],
    subscriptionRequired: false,
    subscriptionKeyHeaderName: "Ocp-Apim-Subscription-Key",
    subscriptionKeyQueryName: "subscription-key",
    ...overrides,
  };
}

function subscription(id: string, state = "active"): ConfigSubscriptionRow {
  return { id, displayName: id, scope: "/apis", state, ownerId: null, ownerEmail: null, primaryKeyHash: `p-${id}`, secondaryKeyHash: `s-${id}` };
}

function rows(overrides: Partial<ConfigRows> = {}): ConfigRows {
  return {
    revision: 1,
    apis: [api("a"), api("b"), api("c")],
    productApis: [{ productId: "gold", apiId: "b" }],
    products: [{ id: "gold", displayName: "Gold" }],
    policies: [
      { scope: "global", scopeId: "", value: GLOBAL },
      { scope: "api", scopeId: "a", value: API_DOC },
    ],
    subscriptions: [subscription("s1"), subscription("s2")],
    ...overrides,
  };
}

describe("SnapshotBuilder", () => {
  it("builds everything the first time", () => {
    const builder = new SnapshotBuilder();
    const snapshot = builder.build({ rows: rows(), keyHashKey: KEY });
    expect(builder.stats).toEqual({ documentsCompiled: 2, apisBuilt: 3, apisReused: 0, subscriptionsRebuilt: true });
    expect(snapshot.router.size).toBe(3);
    expect(snapshot.keyHashKey).toBe(KEY);
    expect(snapshot.subscriptionsByKeyHash.get("s-s2")?.id).toBe("s2");
    expect(snapshot.router.match("/a")!.api.pipelines.get("")!.map((s) => s.name)).toEqual(["check-header", "check-header"]);
  });

  it("reuses every API, the router, the subscription index and the compiled documents when only the revision moved", () => {
    const builder = new SnapshotBuilder();
    const first = builder.build({ rows: rows(), keyHashKey: KEY });
    const second = builder.build({ rows: rows({ revision: 2 }), keyHashKey: KEY });
    expect(builder.stats).toEqual({ documentsCompiled: 0, apisBuilt: 0, apisReused: 3, subscriptionsRebuilt: false });
    expect(second.revision).toBe(2);
    expect(second.router).toBe(first.router);
    expect(second.subscriptionsByKeyHash).toBe(first.subscriptionsByKeyHash);
  });

  it("builds only the API that was added, and a new router that routes it", () => {
    const builder = new SnapshotBuilder();
    const first = builder.build({ rows: rows(), keyHashKey: KEY });
    const second = builder.build({ rows: rows({ revision: 2, apis: [api("a"), api("b"), api("c"), api("d")] }), keyHashKey: KEY });
    expect(builder.stats).toEqual({ documentsCompiled: 0, apisBuilt: 1, apisReused: 3, subscriptionsRebuilt: false });
    expect(second.router).not.toBe(first.router);
    expect(second.router.match("/d")!.api.id).toBe("d");
    expect(second.router.match("/a")!.api).toBe(first.router.match("/a")!.api);
  });

  it("rebuilds the API whose row changed, and only that one", () => {
    const builder = new SnapshotBuilder();
    const first = builder.build({ rows: rows(), keyHashKey: KEY });
    const second = builder.build({ rows: rows({ revision: 2, apis: [api("a"), api("b", { serviceUrl: "ws://elsewhere/b" }), api("c")] }), keyHashKey: KEY });
    expect(builder.stats).toMatchObject({ apisBuilt: 1, apisReused: 2 });
    expect(second.router.match("/b")!.api.serviceUrl.href).toBe("ws://elsewhere/b");
    expect(second.router.match("/c")!.api).toBe(first.router.match("/c")!.api);
  });

  it("recompiles an edited API document and rebuilds that API alone", () => {
    const builder = new SnapshotBuilder();
    builder.build({ rows: rows(), keyHashKey: KEY });
    const edited = API_DOC.replace("x-api", "x-api-2");
    const snapshot = builder.build({
      rows: rows({ revision: 2, policies: [{ scope: "global", scopeId: "", value: GLOBAL }, { scope: "api", scopeId: "a", value: edited }] }),
      keyHashKey: KEY,
    });
    expect(builder.stats).toMatchObject({ documentsCompiled: 1, apisBuilt: 1, apisReused: 2 });
    expect(snapshot.router.match("/a")!.api.pipelines.get("")).toHaveLength(2);
  });

  it("rebuilds every API when the global document changes (all of them compose it)", () => {
    const builder = new SnapshotBuilder();
    builder.build({ rows: rows(), keyHashKey: KEY });
    const snapshot = builder.build({ rows: rows({ revision: 2, policies: [{ scope: "api", scopeId: "a", value: API_DOC }] }), keyHashKey: KEY });
    expect(builder.stats).toMatchObject({ documentsCompiled: 0, apisBuilt: 3, apisReused: 0 });
    expect(snapshot.router.match("/b")!.api.pipelines.get("")).toEqual([]);
    expect(snapshot.router.match("/a")!.api.pipelines.get("")!.map((s) => s.name)).toEqual(["check-header"]);
  });

  it("rebuilds an API whose products changed", () => {
    const builder = new SnapshotBuilder();
    builder.build({ rows: rows(), keyHashKey: KEY });
    const snapshot = builder.build({ rows: rows({ revision: 2, productApis: [{ productId: "gold", apiId: "b" }, { productId: "gold", apiId: "c" }] }), keyHashKey: KEY });
    expect(builder.stats).toMatchObject({ apisBuilt: 1, apisReused: 2 });
    expect(snapshot.router.match("/c")!.api.productIds).toEqual(["gold"]);
  });

  it("rebuilds the subscription index when a subscription changed state", () => {
    const builder = new SnapshotBuilder();
    const first = builder.build({ rows: rows(), keyHashKey: KEY });
    const second = builder.build({ rows: rows({ revision: 2, subscriptions: [subscription("s1"), subscription("s2", "suspended")] }), keyHashKey: KEY });
    expect(builder.stats).toMatchObject({ apisBuilt: 0, subscriptionsRebuilt: true });
    expect(second.subscriptionsByKeyHash).not.toBe(first.subscriptionsByKeyHash);
    expect(second.subscriptionsByKeyHash.get("p-s2")?.state).toBe("suspended");
  });

  it("keeps a document that will not compile refused, and reuses that refusal while its text stays", () => {
    const builder = new SnapshotBuilder();
    const broken = rows({ policies: [{ scope: "api", scopeId: "a", value: "<policies><inbound><no-such-policy /></inbound></policies>" }] });
    const first = builder.build({ rows: broken, keyHashKey: KEY });
    expect(first.policyProblems).toHaveLength(1);
    const second = builder.build({ rows: { ...broken, revision: 2 }, keyHashKey: KEY });
    expect(builder.stats).toMatchObject({ documentsCompiled: 0, apisReused: 3 });
    expect(second.policyProblems).toEqual(first.policyProblems);
    expect(second.router.match("/a")!.api.pipelines.get("")![0]!.name).toBe("policies");
  });

  it("builds a snapshot from scratch with buildSnapshot", () => {
    expect(buildSnapshot({ rows: rows(), keyHashKey: KEY }).router.size).toBe(3);
  });
});
