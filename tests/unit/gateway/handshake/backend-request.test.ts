import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import type { RoutedApi } from "@/gateway/config/snapshot";
import { backendHeaders, backendUrl, clientResponseHead, splitUrl, takeTraceParameter, withoutQueryParameter } from "@/gateway/handshake/backend-request";

function api(serviceUrl: string, overrides: Partial<RoutedApi> = {}): RoutedApi {
  return {
    id: "api",
    path: "echo",
    serviceUrl: new URL(serviceUrl),
    protocols: new Set(["ws", "wss"]),
    subscriptionRequired: true,
    keyHeader: "ocp-apim-subscription-key",
    keyQuery: "subscription-key",
    productIds: [],
    name: "API",
    pipelines: new Map(),
    ...overrides,
  };
}

/** Node's view of a request's headers: `headers` lower-cased, repeated values joined (the first Host wins). */
function request(rawHeaders: string[]): IncomingMessage {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    if (headers[name] === undefined) headers[name] = value;
    else if (name !== "host") headers[name] += `, ${value}`;
  }
  return { rawHeaders, headers } as unknown as IncomingMessage;
}

describe("splitUrl", () => {
  it("splits path and query at the first '?'", () => {
    expect(splitUrl("/echo/a?x=1&y=?")).toEqual({ pathname: "/echo/a", query: "x=1&y=?" });
    expect(splitUrl("/echo")).toEqual({ pathname: "/echo", query: "" });
    expect(splitUrl("/echo?")).toEqual({ pathname: "/echo", query: "" });
  });
});

describe("withoutQueryParameter", () => {
  const remove = (q: string) => withoutQueryParameter(q, "subscription-key");

  it("removes the parameter wherever it is", () => {
    expect(remove("subscription-key=abc")).toBe("");
    expect(remove("subscription-key=abc&a=1")).toBe("a=1");
    expect(remove("a=1&subscription-key=abc&b=2")).toBe("a=1&b=2");
    expect(remove("a=1&subscription-key=abc")).toBe("a=1");
  });

  it("removes it whatever the case of its name", () => {
    expect(remove("Subscription-Key=abc&b=2")).toBe("b=2");
    expect(remove("a=1&SUBSCRIPTION-KEY=abc")).toBe("a=1");
    expect(withoutQueryParameter("API-KEY=1&b=2", "Api-Key")).toBe("b=2");
  });

  it("removes it when its name is percent-encoded", () => {
    expect(remove("subscription%2Dkey=abc&b=2")).toBe("b=2");
    expect(remove("%73ubscription%2dKEY=abc&b=2")).toBe("b=2");
  });

  it("removes every occurrence, and one without a value", () => {
    expect(remove("subscription-key=1&c=3&subscription-key=2")).toBe("c=3");
    expect(remove("subscription-key&b=2")).toBe("b=2");
    expect(remove("subscription-key=&b=2")).toBe("b=2");
  });

  it("keeps every other parameter byte for byte, in order", () => {
    const others = "q=a%20b+c&empty=&flag&x=%E2%98%83&k=v=w&a=1&&b=%2F%3F&Z=UPPER&%zz=bad";
    expect(remove(others)).toBe(others);
    expect(remove(`q=a%20b+c&subscription-key=s&empty=&flag&x=%E2%98%83`)).toBe("q=a%20b+c&empty=&flag&x=%E2%98%83");
  });

  it("keeps parameters whose names only resemble the key's", () => {
    const q = "subscription-keys=1&my-subscription-key=2&subscription=3&subscription-key%3D=4&subscription+key=5";
    expect(remove(q)).toBe(q);
  });

  it("returns an empty query unchanged", () => {
    expect(remove("")).toBe("");
  });

  it("redacts instead of removing when asked, keeping the name as sent", () => {
    expect(withoutQueryParameter("a=1&Subscription-Key=secret&b=2", "subscription-key", true)).toBe("a=1&Subscription-Key=***&b=2");
    expect(withoutQueryParameter("subscription%2Dkey=secret", "subscription-key", true)).toBe("subscription%2Dkey=***");
    expect(withoutQueryParameter("subscription-key&x=1", "subscription-key", true)).toBe("subscription-key=***&x=1");
    expect(withoutQueryParameter("x=1", "subscription-key", true)).toBe("x=1");
  });
});

describe("backendUrl", () => {
  const href = (serviceUrl: string, rest: string, query: string, overrides?: Partial<RoutedApi>) => backendUrl(api(serviceUrl, overrides), rest, query)?.href ?? null;

  it("joins the service URL's path, the rest of the client's path and its query", () => {
    expect(href("ws://backend:9000/base", "/x/Y", "a=1&b=%2F")).toBe("ws://backend:9000/base/x/Y?a=1&b=%2F");
    expect(href("wss://backend/base", "", "")).toBe("wss://backend/base");
    expect(href("ws://backend/base", "/", "")).toBe("ws://backend/base/");
    expect(href("ws://backend/base", "/room/", "x")).toBe("ws://backend/base/room/?x");
  });

  it("does not double the slash after a service URL ending in one", () => {
    expect(href("ws://backend/base/", "/x", "")).toBe("ws://backend/base/x");
  });

  it("uses '/' for a root service URL with no rest", () => {
    expect(href("ws://backend", "", "")).toBe("ws://backend/");
    expect(href("ws://backend:81/", "/Room", "")).toBe("ws://backend:81/Room");
  });

  it("removes the subscription-key parameter and drops an emptied query", () => {
    expect(href("ws://backend/base", "/x", "a=1&subscription-key=k&b=2")).toBe("ws://backend/base/x?a=1&b=2");
    expect(href("ws://backend/base", "", "Subscription-Key=k")).toBe("ws://backend/base");
    expect(href("ws://backend/base", "", "subscription%2Dkey=k&z=9")).toBe("ws://backend/base?z=9");
    expect(href("ws://backend/base", "", "apikey=k&subscription-key=kept", { keyQuery: "apiKey" })).toBe("ws://backend/base?subscription-key=kept");
  });

  it("appends the client's query to the service URL's own", () => {
    expect(href("ws://backend/base?v=2", "/x", "a=1")).toBe("ws://backend/base/x?v=2&a=1");
    expect(href("ws://backend/base?v=2", "", "subscription-key=k")).toBe("ws://backend/base?v=2");
    expect(href("ws://backend/base?v=2", "", "")).toBe("ws://backend/base?v=2");
  });

  it("keeps percent-encoded bytes of the path and query as sent", () => {
    expect(href("ws://backend/base", "/a%2Fb%20c/%E2%98%83", "q=%26%3D+x&r=%25")).toBe("ws://backend/base/a%2Fb%20c/%E2%98%83?q=%26%3D+x&r=%25");
  });

  it("resolves dot segments that stay inside the service URL's path", () => {
    expect(href("ws://backend/base", "/a/../b", "")).toBe("ws://backend/base/b");
    expect(href("ws://backend/base", "/./a", "")).toBe("ws://backend/base/a");
    expect(href("ws://backend", "/../admin", "")).toBe("ws://backend/admin");
  });

  it("refuses a rest that climbs out of the service URL's path, however it is spelt", () => {
    expect(href("ws://backend/api/v1", "/../../admin", "")).toBeNull();
    expect(href("ws://backend/api/v1", "/..", "")).toBeNull();
    expect(href("ws://backend/api/v1", "/a/../../v2", "")).toBeNull();
    expect(href("ws://backend/api/v1", "/%2e%2e/v2", "")).toBeNull();
    expect(href("ws://backend/api/v1", "/%2E%2E/%2e%2E/admin", "")).toBeNull();
    expect(href("ws://backend/api/v1", "/.%2e/v2", "")).toBeNull();
    expect(href("ws://backend/api/v1", "/..\\..\\admin", "")).toBeNull();
    expect(href("ws://backend/api/v1", "/../v1x", "")).toBeNull();
    expect(href("ws://backend/api/v1/", "/../v2", "")).toBeNull();
  });
});

describe("backendHeaders", () => {
  const target = new URL("ws://backend:9000/base/x");
  const clientHeaders = [
    "Host", "gateway.example:8080",
    "User-Agent", "test/1",
    "Connection", "Upgrade, X-Hop",
    "Upgrade", "websocket",
    "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version", "13",
    "Sec-WebSocket-Protocol", "a, b",
    "Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits",
    "X-Hop", "dropped: named in Connection",
    "Keep-Alive", "timeout=5",
    "Proxy-Authorization", "Basic eHl6",
    "Proxy-Connection", "keep-alive",
    "TE", "trailers",
    "Trailer", "X-T",
    "Transfer-Encoding", "chunked",
    "Content-Length", "0",
    "Ocp-Apim-Subscription-Key", "secret",
    "x-custom", "one",
    "Cookie", "a=1",
    "X-CUSTOM", "two",
    "Authorization", "Bearer t",
    "X-Forwarded-Proto", "https",
    "X-Forwarded-Host", "spoofed.example",
  ];

  it("keeps end-to-end headers in order, case and repetition, drops hop-by-hop and key headers, adds X-Forwarded-*", () => {
    expect(backendHeaders(request(clientHeaders), target, api("ws://backend:9000/base"), "203.0.113.9", false)).toEqual([
      "Host", "backend:9000",
      "User-Agent", "test/1",
      "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version", "13",
      "Sec-WebSocket-Protocol", "a, b",
      "Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits",
      "x-custom", "one",
      "Cookie", "a=1",
      "X-CUSTOM", "two",
      "Authorization", "Bearer t",
      "Connection", "Upgrade",
      "Upgrade", "websocket",
      "X-Forwarded-For", "203.0.113.9",
      "X-Forwarded-Proto", "http",
      "X-Forwarded-Host", "gateway.example:8080",
    ]);
  });

  it("appends the caller to the client's X-Forwarded-For chain", () => {
    const req = request(["Host", "gw", "X-Forwarded-For", "10.0.0.1", "x-forwarded-for", "10.0.0.2, 10.0.0.3", "Connection", "Upgrade", "Upgrade", "websocket"]);
    const out = backendHeaders(req, target, api("ws://backend:9000/base"), "198.51.100.7", true);
    expect(out).toEqual([
      "Host", "backend:9000",
      "Connection", "Upgrade",
      "Upgrade", "websocket",
      "X-Forwarded-For", "10.0.0.1, 10.0.0.2, 10.0.0.3, 198.51.100.7",
      "X-Forwarded-Proto", "https",
      "X-Forwarded-Host", "gw",
    ]);
  });

  it("drops the API's own key header, whatever its case, and keeps the default one when it is not the API's", () => {
    const req = request(["Host", "gw", "X-Api-Key", "secret", "Ocp-Apim-Subscription-Key", "other", "Connection", "keep-alive, Upgrade", "Upgrade", "websocket"]);
    const out = backendHeaders(req, new URL("wss://backend/"), api("wss://backend/", { keyHeader: "x-api-key" }), "::1", true);
    expect(out).toEqual([
      "Host", "backend",
      "Ocp-Apim-Subscription-Key", "other",
      "Connection", "Upgrade",
      "Upgrade", "websocket",
      "X-Forwarded-For", "::1",
      "X-Forwarded-Proto", "https",
      "X-Forwarded-Host", "gw",
    ]);
  });
});

describe("clientResponseHead", () => {
  it("relays the backend's 101 headers in order, with hop-by-hop ones rewritten", () => {
    const head = clientResponseHead([
      "upgrade", "WebSocket",
      "connection", "upgrade",
      "Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
      "Sec-WebSocket-Protocol", "b",
      "Sec-WebSocket-Extensions", "permessage-deflate; server_no_context_takeover",
      "Keep-Alive", "timeout=5",
      "Transfer-Encoding", "chunked",
      "Content-Length", "0",
      "Set-Cookie", "a=1",
      "Set-Cookie", "b=2",
      "X-Backend", "yes",
    ]);
    expect(head).toBe(
      "HTTP/1.1 101 Switching Protocols\r\n" +
        "Upgrade: websocket\r\n" +
        "Connection: Upgrade\r\n" +
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" +
        "Sec-WebSocket-Protocol: b\r\n" +
        "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n" +
        "Set-Cookie: a=1\r\n" +
        "Set-Cookie: b=2\r\n" +
        "X-Backend: yes\r\n" +
        "\r\n",
    );
  });

  it("answers a bare 101 when the backend sent only hop-by-hop headers", () => {
    expect(clientResponseHead(["Upgrade", "websocket", "Connection", "Upgrade"])).toBe("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
  });
});

const ID = "AbC_-0123456789xyz";

describe("takeTraceParameter", () => {
  it("takes a valid trace id out of the query, wherever it is", () => {
    expect(takeTraceParameter(`portcullis-trace=${ID}`)).toEqual({ traceId: ID, query: "" });
    expect(takeTraceParameter(`a=1&portcullis-trace=${ID}&b=2`)).toEqual({ traceId: ID, query: "a=1&b=2" });
    expect(takeTraceParameter(`a=1&portcullis-trace=${ID}`)).toEqual({ traceId: ID, query: "a=1" });
  });

  it("accepts 16 to 64 characters of [A-Za-z0-9_-] only, and leaves anything else in place", () => {
    expect(takeTraceParameter(`portcullis-trace=${"a".repeat(16)}`)?.traceId).toBe("a".repeat(16));
    expect(takeTraceParameter(`portcullis-trace=${"a".repeat(64)}`)?.traceId).toBe("a".repeat(64));
    for (const bad of ["a".repeat(15), "a".repeat(65), `${"a".repeat(16)}%20`, `${"a".repeat(16)}.`, ""]) {
      expect(takeTraceParameter(`x=1&portcullis-trace=${bad}`), bad).toBeNull();
    }
  });

  it("takes the first valid id and removes every valid one; invalid ones stay", () => {
    const other = "z".repeat(20);
    expect(takeTraceParameter(`portcullis-trace=short&portcullis-trace=${ID}&portcullis-trace=${other}`)).toEqual({
      traceId: ID,
      query: "portcullis-trace=short",
    });
  });

  it("matches the exact parameter name only", () => {
    expect(takeTraceParameter(`xportcullis-trace=${ID}`)).toBeNull();
    expect(takeTraceParameter(`Portcullis-Trace=${ID}`)).toBeNull();
    expect(takeTraceParameter(`portcullis-trace-x=${ID}`)).toBeNull();
    expect(takeTraceParameter("")).toBeNull();
  });
});
