import { describe, expect, it } from "vitest";
import { ApiRouter, type RoutedApi } from "@/gateway/config/snapshot";

function api(id: string, path: string): RoutedApi {
  return {
    id,
    path,
    serviceUrl: new URL(`ws://backend/${id}`),
    protocols: new Set(["ws"]),
    subscriptionRequired: false,
    keyHeader: "ocp-apim-subscription-key",
    keyQuery: "subscription-key",
    productIds: [],
    name: "API",
    pipelines: new Map(),
  };
}

/** The router's answer as [api id, rest], or null. */
function route(router: ApiRouter, pathname: string): [string, string] | null {
  const m = router.match(pathname);
  return m === null ? null : [m.api.id, m.rest];
}

describe("ApiRouter", () => {
  const router = new ApiRouter([api("a", "a"), api("ab", "a/b"), api("echo", "echo"), api("deep", "x/y/z")]);

  it("counts the APIs it routes", () => {
    expect(router.size).toBe(4);
    expect(new ApiRouter([]).size).toBe(0);
  });

  it("matches an API path exactly, with an empty rest", () => {
    expect(route(router, "/a")).toEqual(["a", ""]);
    expect(route(router, "/a/b")).toEqual(["ab", ""]);
    expect(route(router, "/x/y/z")).toEqual(["deep", ""]);
  });

  it("prefers the longest matching path", () => {
    expect(route(router, "/a/b/c")).toEqual(["ab", "/c"]);
    expect(route(router, "/a/c")).toEqual(["a", "/c"]);
    expect(route(router, "/x/y/z/1/2")).toEqual(["deep", "/1/2"]);
  });

  it("matches only on whole segments", () => {
    expect(route(router, "/echoes")).toBeNull();
    expect(route(router, "/ech")).toBeNull();
    expect(route(router, "/a/bc")).toEqual(["a", "/bc"]);
    expect(route(router, "/ab")).toBeNull();
    expect(route(router, "/x/y")).toBeNull();
    expect(route(router, "/x/y/zz")).toBeNull();
  });

  it("keeps a trailing slash in the rest", () => {
    expect(route(router, "/echo/")).toEqual(["echo", "/"]);
    expect(route(router, "/a/b/")).toEqual(["ab", "/"]);
    expect(route(router, "/echo/room/")).toEqual(["echo", "/room/"]);
  });

  it("matches case-insensitively and returns the rest in its original case", () => {
    expect(route(router, "/ECHO")).toEqual(["echo", ""]);
    expect(route(router, "/Echo/Room/ABC")).toEqual(["echo", "/Room/ABC"]);
    expect(route(router, "/A/B/Cd")).toEqual(["ab", "/Cd"]);
  });

  it("answers null for unknown paths and the root", () => {
    expect(route(router, "/")).toBeNull();
    expect(route(router, "/unknown/echo")).toBeNull();
    expect(route(router, "/b")).toBeNull();
  });
});
