import { describe, expect, it } from "vitest";
import { PORTAL_SERVER_MARK } from "@/server/http/forwarded-headers";
import { isSafeMethod, isSameOriginRequest } from "@/server/http/same-origin";

/** The portal server is in front: it kept X-Forwarded-Host only because a trusted proxy sent it. */
const BEHIND_PORTAL_SERVER = { [PORTAL_SERVER_MARK]: "1" };

const request = (headers: Record<string, string>, url = "http://127.0.0.1:3000/api/management/apis/echo") =>
  new Request(url, { method: "PUT", headers });

describe("isSameOriginRequest", () => {
  it("accepts an Origin whose host is the Host the request was sent to", () => {
    expect(isSameOriginRequest(request({ host: "portal.example.com", origin: "https://portal.example.com" }), {})).toBe(true);
    expect(isSameOriginRequest(request({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), {})).toBe(true);
  });

  it("accepts the public host a reverse proxy names in X-Forwarded-Host", () => {
    const behindProxy = request({ host: "localhost:3000", "x-forwarded-host": "api.example.com", origin: "https://api.example.com" });
    expect(isSameOriginRequest(behindProxy, BEHIND_PORTAL_SERVER)).toBe(true);
  });

  it("ignores X-Forwarded-Host when no portal server vouches for it (the client may have written it)", () => {
    const forged = request({ host: "localhost:3000", "x-forwarded-host": "evil.example", origin: "https://evil.example" });
    expect(isSameOriginRequest(forged, {})).toBe(false);
  });

  it("accepts NEXTAUTH_URL's host", () => {
    const viaConfiguredUrl = request({ host: "10.0.0.5:3000", origin: "https://portal.example.com" });
    expect(isSameOriginRequest(viaConfiguredUrl, { NEXTAUTH_URL: "https://portal.example.com" })).toBe(true);
    expect(isSameOriginRequest(viaConfiguredUrl, {})).toBe(false);
  });

  it("refuses another site, a sibling subdomain, another port, a missing or opaque Origin", () => {
    const host = { host: "portal.example.com" };
    expect(isSameOriginRequest(request({ ...host, origin: "https://evil.example" }), {})).toBe(false);
    expect(isSameOriginRequest(request({ ...host, origin: "https://blog.example.com" }), {})).toBe(false);
    expect(isSameOriginRequest(request({ ...host, origin: "https://portal.example.com:8443" }), {})).toBe(false);
    expect(isSameOriginRequest(request(host, "http://portal.example.com/api/management/apis/echo"), {})).toBe(false);
    expect(isSameOriginRequest(request({ ...host, origin: "null" }), {})).toBe(false);
    expect(isSameOriginRequest(request({ ...host, origin: "not a url" }), {})).toBe(false);
  });
});

describe("isSafeMethod", () => {
  it("treats GET, HEAD and OPTIONS as safe and every change as unsafe", () => {
    expect(["GET", "head", "OPTIONS"].map(isSafeMethod)).toEqual([true, true, true]);
    expect(["POST", "PUT", "PATCH", "DELETE"].map(isSafeMethod)).toEqual([false, false, false, false]);
  });
});
