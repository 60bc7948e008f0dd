import { describe, expect, it } from "vitest";
import { applyHeaderEdits } from "@/gateway/handshake/backend-request";
import { RequestHeaders, RequestQuery } from "@/gateway/handshake/policy-request";

describe("RequestHeaders", () => {
  const raw = ["Host", "gw", "X-Tenant", "a", "x-tenant", "b", "Authorization", "Bearer t"];

  it("reads names case-insensitively and joins repeated headers with commas", () => {
    const headers = new RequestHeaders(raw);
    expect(headers.get("X-TENANT")).toBe("a,b");
    expect(headers.getAll("x-tenant")).toEqual(["a", "b"]);
    expect(headers.get("missing")).toBeUndefined();
  });

  it("sees its own edits: set, append, delete", () => {
    const headers = new RequestHeaders(raw);
    headers.append("X-Tenant", "c");
    expect(headers.getAll("x-tenant")).toEqual(["a", "b", "c"]);
    headers.delete("authorization");
    expect(headers.has("Authorization")).toBe(false);
    headers.set("X-New", ["1"]);
    expect(headers.get("x-new")).toBe("1");
  });
});

describe("applyHeaderEdits", () => {
  const base = ["Host", "backend", "X-Tenant", "a", "Accept", "*/*", "x-tenant", "b", "Sec-WebSocket-Key", "k"];

  it("returns the same list when nothing was edited", () => {
    expect(applyHeaderEdits(base, new Map())).toBe(base);
  });

  it("replaces an edited header at its first place, keeps the others in order, appends new ones", () => {
    const headers = new RequestHeaders(base);
    headers.set("X-Tenant", ["z"]);
    headers.set("X-Added", ["1", "2"]);
    expect(applyHeaderEdits(base, headers.edits)).toEqual(["Host", "backend", "X-Tenant", "z", "Accept", "*/*", "Sec-WebSocket-Key", "k", "X-Added", "1", "X-Added", "2"]);
  });

  it("never lets an edit replace the gateway's own handshake headers", () => {
    const headers = new RequestHeaders(base);
    headers.set("Host", ["evil"]);
    headers.set("sec-websocket-key", ["forged"]);
    expect(applyHeaderEdits(base, headers.edits)).toEqual(base);
  });

  it("drops values that would inject header lines", () => {
    const headers = new RequestHeaders(base);
    headers.set("X-Evil", ["a\r\nX-Injected: 1", "ok"]);
    expect(applyHeaderEdits(base, headers.edits).slice(-2)).toEqual(["X-Evil", "ok"]);
  });
});

describe("RequestQuery", () => {
  it("parses lazily and decodes names and values", () => {
    const query = new RequestQuery("a=1&b=x%20y&a=2&flag");
    expect(query.get("a")).toBe("1,2");
    expect(query.get("b")).toBe("x y");
    expect(query.has("flag")).toBe(true);
    expect(query.get("A")).toBeUndefined();
  });

  it("serializes to null while untouched, so the client's bytes pass as they were", () => {
    const query = new RequestQuery("a=%7e&b=1");
    query.get("a");
    expect(query.serialize()).toBeNull();
  });

  it("serializes its edits percent-encoded", () => {
    const query = new RequestQuery("a=1&b=2");
    query.set("a", ["x&y"]);
    query.append("c", "3");
    query.delete("b");
    expect(query.serialize()).toBe("a=x%26y&c=3");
  });

  it("keeps a malformed escape as written instead of throwing", () => {
    expect(new RequestQuery("a=%zz").get("a")).toBe("%zz");
  });
});
