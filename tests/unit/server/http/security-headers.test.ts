import { describe, expect, it } from "vitest";
import { apiSecurityHeaders, contentSecurityPolicy, gatewayOrigins, newNonce, pageSecurityHeaders } from "@/server/http/security-headers";

const input = { gatewayUrl: "ws://127.0.0.1:8080", https: false };

describe("page security headers", () => {
  it("allow only nonce-carrying scripts, the gateway's WebSocket origins and no framing", () => {
    expect(contentSecurityPolicy("bm9uY2U=", input)).toBe(
      "default-src 'self'; script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self' ws://127.0.0.1:8080 wss://127.0.0.1:8080; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  it("never allow eval in production; only next dev gets it", () => {
    expect(contentSecurityPolicy("n", input)).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("n", { ...input, development: true })).toContain("script-src 'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval';");
  });

  it("add nosniff, the referrer policy and DENY framing; HSTS and upgrade-insecure-requests only over https", () => {
    const http = pageSecurityHeaders("n", input);
    expect(http).toMatchObject({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin", "X-Frame-Options": "DENY" });
    expect(http).not.toHaveProperty("Strict-Transport-Security");
    expect(http["Content-Security-Policy"]).not.toContain("upgrade-insecure-requests");
    const https = pageSecurityHeaders("n", { ...input, https: true });
    expect(https["Strict-Transport-Security"]).toBe("max-age=31536000");
    expect(https["Content-Security-Policy"]).toMatch(/; upgrade-insecure-requests$/);
  });
});

describe("API security headers", () => {
  it("let JSON load nothing and be framed nowhere, with nosniff", () => {
    expect(apiSecurityHeaders(input)).toEqual({
      "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
    });
    expect(apiSecurityHeaders({ ...input, https: true })["Strict-Transport-Security"]).toBe("max-age=31536000");
  });
});

describe("gatewayOrigins", () => {
  it("names both schemes of the gateway's host and port, and nothing for a URL that is not ws(s)", () => {
    expect(gatewayOrigins("wss://gw.example.com/base/")).toEqual(["ws://gw.example.com", "wss://gw.example.com"]);
    expect(gatewayOrigins("http://gw.example.com")).toEqual([]);
    expect(gatewayOrigins("not a url")).toEqual([]);
  });
});

describe("newNonce", () => {
  it("is 128 random bits in base64, new every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
