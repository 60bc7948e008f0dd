import { describe, expect, it } from "vitest";
import { completeConfigRows, ConfigSectionDiffer } from "@/gateway/config/changed-config-rows";
import type { ConfigRows } from "@/gateway/config/config-rows";

function rows(revision: number, apiIds: string[], policy = "<policies/>"): ConfigRows {
  return {
    revision,
    apis: apiIds.map((id) => ({
      id,
      displayName: id,
      path: id,
      serviceUrl: `ws://backend/${id}`,
      protocols: ["ws"],
      subscriptionRequired: false,
      subscriptionKeyHeaderName: "Ocp-Apim-Subscription-Key",
      subscriptionKeyQueryName: "subscription-key",
    })),
    productApis: [],
    products: [],
    policies: [{ scope: "global", scopeId: "", value: policy }],
    subscriptions: [],
  };
}

describe("ConfigSectionDiffer", () => {
  it("sends every section first, then only the sections whose rows changed", () => {
    const differ = new ConfigSectionDiffer();
    const first = differ.diff(rows(1, ["a"]));
    expect(first.apis).toHaveLength(1);
    expect(first.subscriptions).toEqual([]);
    const second = differ.diff(rows(2, ["a", "b"]));
    expect(second).toEqual({ revision: 2, apis: rows(2, ["a", "b"]).apis, productApis: null, products: null, policies: null, subscriptions: null });
    const third = differ.diff(rows(3, ["a", "b"], "<policies><inbound/></policies>"));
    expect(third.apis).toBeNull();
    expect(third.policies).toEqual([{ scope: "global", scopeId: "", value: "<policies><inbound/></policies>" }]);
  });
});

describe("completeConfigRows", () => {
  it("takes the sections left out from the previous rows", () => {
    const previous = rows(1, ["a"]);
    const full = completeConfigRows({ revision: 2, apis: rows(2, ["a", "b"]).apis, productApis: null, products: null, policies: null, subscriptions: null }, previous);
    expect(full.revision).toBe(2);
    expect(full.apis.map((a) => a.id)).toEqual(["a", "b"]);
    expect(full.policies).toBe(previous.policies);
  });

  it("refuses a first update that leaves a section out", () => {
    expect(() => completeConfigRows({ revision: 1, apis: [], productApis: [], products: [], policies: null, subscriptions: [] }, null)).toThrow(
      "configuration section policies missing from the first update",
    );
  });
});
