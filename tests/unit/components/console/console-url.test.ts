import { describe, expect, it } from "vitest";
import { apiBaseUrl, buildConsoleUrl, maskSecret, newTraceId, parseSubprotocols, withTrace, type QueryParam } from "@/components/console/console-url";

const KEY = { queryName: "subscription-key", key: "0123456789abcdef0123456789abcdef" };
const row = (name: string, value: string, id = name): QueryParam => ({ id, name, value });

describe("apiBaseUrl", () => {
  it("joins the gateway URL and the API path with exactly one slash", () => {
    expect(apiBaseUrl("ws://gw:8080", "echo")).toBe("ws://gw:8080/echo");
    expect(apiBaseUrl("wss://gw.example.com/", "/chat/v1")).toBe("wss://gw.example.com/chat/v1");
    expect(apiBaseUrl("ws://gw:8080//", "")).toBe("ws://gw:8080");
  });
});

describe("buildConsoleUrl", () => {
  it("puts the key first in the URL it connects to and masks it in the one it shows", () => {
    const url = buildConsoleUrl({ gatewayUrl: "ws://127.0.0.1:8080", apiPath: "echo", params: [row("room", "a b")], key: KEY });
    expect(url.url).toBe(`ws://127.0.0.1:8080/echo?subscription-key=${KEY.key}&room=a%20b`);
    expect(url.display).toBe("ws://127.0.0.1:8080/echo?subscription-key=••••••••cdef&room=a%20b");
    expect(url.display).not.toContain(KEY.key);
    expect(url.error).toBeNull();
    expect(url.keyOverridden).toBe(false);
  });

  it("lets a typed parameter with the key's name replace the selected key (any case)", () => {
    const url = buildConsoleUrl({ gatewayUrl: "ws://gw", apiPath: "echo", params: [row("Subscription-Key", "wrong")], key: KEY });
    expect(url.url).toBe("ws://gw/echo?Subscription-Key=wrong");
    expect(url.display).toBe("ws://gw/echo?Subscription-Key=wrong");
    expect(url.keyOverridden).toBe(true);
  });

  it("skips rows without a name, keeps empty values, and encodes names and values", () => {
    const url = buildConsoleUrl({ gatewayUrl: "ws://gw", apiPath: "echo", params: [row("", "x", "1"), row("flag", "", "2"), row("a&b", "c=d", "3")], key: null });
    expect(url.url).toBe("ws://gw/echo?flag=&a%26b=c%3Dd");
  });

  it("adds the rest of the path, escaping what would end the path", () => {
    const url = buildConsoleUrl({ gatewayUrl: "ws://gw", apiPath: "echo", restPath: "rooms/1 a?b#c%2F", params: [], key: null });
    expect(url.url).toBe("ws://gw/echo/rooms/1%20a%3Fb%23c%2F");
  });

  it("has no URL to connect to, and says why, when the gateway URL is not ws:// or wss://", () => {
    expect(buildConsoleUrl({ gatewayUrl: "http://gw", apiPath: "echo", params: [], key: null })).toMatchObject({
      url: null,
      error: "The gateway URL must start with ws:// or wss://.",
    });
    expect(buildConsoleUrl({ gatewayUrl: "not a url", apiPath: "echo", params: [], key: null }).error).toBe("The gateway URL is not a valid URL.");
  });

  it("ignores an empty key", () => {
    expect(buildConsoleUrl({ gatewayUrl: "ws://gw", apiPath: "echo", params: [], key: { queryName: "k", key: "" } }).url).toBe("ws://gw/echo");
  });
});

describe("maskSecret", () => {
  it("shows only the last four characters of a key, nothing of a short one", () => {
    expect(maskSecret("abcdefghijkl")).toBe("••••••••ijkl");
    expect(maskSecret("short")).toBe("••••••••");
  });
});

describe("trace ids", () => {
  it("appends the trace parameter with ? or &", () => {
    expect(withTrace("ws://gw/echo", "t".repeat(22))).toBe(`ws://gw/echo?portcullis-trace=${"t".repeat(22)}`);
    expect(withTrace("ws://gw/echo?a=1", "t".repeat(22))).toBe(`ws://gw/echo?a=1&portcullis-trace=${"t".repeat(22)}`);
  });

  it("makes 22-character base64url ids the gateway accepts", () => {
    const fixed = newTraceId((b) => b.fill(0xfb));
    expect(fixed).toBe("-_v7-_v7-_v7-_v7-_v7-w");
    for (let i = 0; i < 50; i++) expect(newTraceId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(Array.from({ length: 50 }, () => newTraceId())).size).toBe(50);
  });
});

describe("parseSubprotocols", () => {
  it("splits on commas and trims", () => {
    expect(parseSubprotocols(" graphql-transport-ws, mqtt ,, ")).toEqual({ ok: true, protocols: ["graphql-transport-ws", "mqtt"] });
    expect(parseSubprotocols("")).toEqual({ ok: true, protocols: [] });
  });

  it("refuses what the browser's WebSocket constructor would throw on", () => {
    expect(parseSubprotocols("chat v2")).toEqual({ ok: false, error: "“chat v2” is not a valid subprotocol name (letters, digits and !#$%&'*+-.^_`|~ only)." });
    expect(parseSubprotocols("chat, chat")).toEqual({ ok: false, error: "“chat” is listed twice." });
    expect(parseSubprotocols("a/b").ok).toBe(false);
  });
});
