import { describe, expect, it, vi } from "vitest";
import type { ConfigRows } from "@/gateway/config/config-rows";
import { ConfigStore } from "@/gateway/config/config-store";
import { log } from "@/gateway/log";

const KEY = Buffer.alloc(32, 1);

function rows(revision: number, apiIds: string[]): ConfigRows {
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
    policies: [],
    subscriptions: [],
  };
}

const nextTurn = () => new Promise((r) => setImmediate(r));

describe("ConfigStore", () => {
  it("serves the first configuration at once", () => {
    const store = new ConfigStore();
    expect(store.isLoaded).toBe(false);
    store.handlers.onUpdate({ rows: rows(1, ["a"]), keyHashKey: KEY });
    expect(store.current.revision).toBe(1);
  });

  it("builds a burst of updates that arrived together once, as the newest", async () => {
    const store = new ConfigStore();
    store.handlers.onUpdate({ rows: rows(1, ["a"]), keyHashKey: KEY });
    const first = store.current;
    store.handlers.onUpdate({ rows: rows(2, ["a", "b"]), keyHashKey: KEY });
    store.handlers.onUpdate({ rows: rows(3, ["a", "b", "c"]), keyHashKey: KEY });
    store.handlers.onUpdate({ rows: rows(4, ["a", "b", "c", "d"]), keyHashKey: KEY });
    expect(store.current).toBe(first);
    await nextTurn();
    expect(store.current.revision).toBe(4);
    expect(store.current.router.size).toBe(4);
  });

  it("keeps the last good snapshot when an update does not build", async () => {
    const store = new ConfigStore();
    store.handlers.onUpdate({ rows: rows(1, ["a"]), keyHashKey: KEY });
    const bad = rows(2, ["a", "b"]);
    bad.apis[1]!.serviceUrl = "not a url";
    store.handlers.onUpdate({ rows: bad, keyHashKey: KEY });
    await nextTurn();
    expect(store.current.revision).toBe(1);
  });

  it("reports the source's status", () => {
    const store = new ConfigStore();
    store.handlers.onStatus({ readable: false, reason: "SqliteError: file is not a database" });
    expect(store.status).toEqual({ readable: false, reason: "SqliteError: file is not a database" });
  });

  it("logs each snapshot it builds with its revision, its API count, buildMs and, given the read's time, sinceReadMs", () => {
    const info = vi.spyOn(log, "info").mockImplementation(() => {});
    try {
      const store = new ConfigStore();
      store.handlers.onUpdate({ rows: rows(7, ["a", "b"]), keyHashKey: KEY, readAt: Date.now() - 40 });
      const [message, fields] = info.mock.calls.at(-1)!;
      expect(message).toBe("configuration loaded");
      expect(fields).toMatchObject({ revision: 7, apis: 2, buildMs: expect.any(Number) });
      expect(fields!.sinceReadMs).toBeGreaterThanOrEqual(40);
      expect(fields!.sinceReadMs).toBeLessThan(10_000);
      // A source that does not say when it read (a test's, or a cached copy) gets no sinceReadMs.
      const other = new ConfigStore();
      other.handlers.onUpdate({ rows: rows(8, ["a"]), keyHashKey: KEY });
      expect(info.mock.calls.at(-1)![1]).not.toHaveProperty("sinceReadMs");
    } finally {
      info.mockRestore();
    }
  });
});
