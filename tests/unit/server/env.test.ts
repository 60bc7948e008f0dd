import { describe, expect, it } from "vitest";
import { parsePortalEnv, publicGateway, publicGatewayUrl } from "@/server/env";

describe("portal environment", () => {
  it("applies DESIGN.md's defaults", () => {
    expect(parsePortalEnv({})).toEqual({
      PORT: 3000,
      PORTCULLIS_DB: "./data/portcullis.db",
      PORTCULLIS_ADMIN_EMAIL: "admin@portcullis.local",
      PORTCULLIS_ADMIN_PASSWORD: undefined,
      PORTCULLIS_BOOTSTRAP_TOKEN: undefined,
      PORTCULLIS_PUBLIC_GATEWAY_URL: "ws://localhost:8080",
      PORTCULLIS_TRUSTED_PROXIES: [],
      NEXTAUTH_URL: undefined,
    });
  });

  it("takes NEXTAUTH_URL as an http(s) URL and refuses anything else at start", () => {
    expect(parsePortalEnv({ NEXTAUTH_URL: "https://portal.example.com" }).NEXTAUTH_URL).toBe("https://portal.example.com");
    expect(() => parsePortalEnv({ NEXTAUTH_URL: "portal.example.com" })).toThrow("Invalid environment:\n  NEXTAUTH_URL: must be an http:// or https:// URL");
    expect(() => parsePortalEnv({ NEXTAUTH_URL: "ftp://portal.example.com" })).toThrow("NEXTAUTH_URL: must be an http:// or https:// URL");
  });

  it("refuses a PORTCULLIS_ADMIN_PASSWORD shorter than the password rule's 12 characters, in the rule's words", () => {
    expect(() => parsePortalEnv({ PORTCULLIS_ADMIN_PASSWORD: "eleven char" })).toThrow("PORTCULLIS_ADMIN_PASSWORD: must be at least 12 characters long");
    expect(parsePortalEnv({ PORTCULLIS_ADMIN_PASSWORD: "twelve chars" }).PORTCULLIS_ADMIN_PASSWORD).toBe("twelve chars");
  });

  it("reads PORTCULLIS_TRUSTED_PROXIES as IPv4 and IPv6 CIDRs or addresses, commas and spaces between", () => {
    const { PORTCULLIS_TRUSTED_PROXIES: proxies } = parsePortalEnv({ PORTCULLIS_TRUSTED_PROXIES: " 127.0.0.1/32, 10.0.0.0/8 ,::1,, 2001:db8::/32 " });
    expect(proxies).toHaveLength(4);
    expect(proxies[1]).toEqual({ from: { value: 0xffff0a000000n, v4: true }, to: { value: 0xffff0affffffn, v4: true } });
    expect(parsePortalEnv({ PORTCULLIS_TRUSTED_PROXIES: "" }).PORTCULLIS_TRUSTED_PROXIES).toEqual([]);
  });

  it("refuses a trusted proxy that is not a CIDR or an address, naming it", () => {
    expect(() => parsePortalEnv({ PORTCULLIS_TRUSTED_PROXIES: "10.0.0.0/8, proxy.internal, 10.0.0.1/8" })).toThrow(
      "Invalid environment:\n  PORTCULLIS_TRUSTED_PROXIES: 'proxy.internal' is not an IP address (write CIDRs or addresses separated by commas, such as 10.0.0.0/8, ::1)\n" +
        "  PORTCULLIS_TRUSTED_PROXIES: '10.0.0.1/8' has host bits set below /8: the block starts at 10.0.0.0 (write CIDRs or addresses separated by commas, such as 10.0.0.0/8, ::1)",
    );
  });

  it("treats empty values as unset", () => {
    expect(parsePortalEnv({ PORT: "", PORTCULLIS_ADMIN_PASSWORD: "" })).toMatchObject({ PORT: 3000, PORTCULLIS_ADMIN_PASSWORD: undefined });
  });

  it("derives the public gateway URL from GATEWAY_PORT unless it is given", () => {
    expect(publicGatewayUrl({ GATEWAY_PORT: "18080" })).toBe("ws://localhost:18080");
    expect(publicGatewayUrl({ GATEWAY_PORT: "18080", PORTCULLIS_PUBLIC_GATEWAY_URL: "wss://gw.example.com" })).toBe(
      "wss://gw.example.com",
    );
  });

  it("lists every invalid variable", () => {
    expect(() =>
      parsePortalEnv({ PORT: "0", PORTCULLIS_BOOTSTRAP_TOKEN: "short", PORTCULLIS_PUBLIC_GATEWAY_URL: "http://gw" }),
    ).toThrow(
      "Invalid environment:\n  PORT: Too small: expected number to be >=1\n  PORTCULLIS_BOOTSTRAP_TOKEN: must be at least 16 characters long\n  PORTCULLIS_PUBLIC_GATEWAY_URL: must be a ws:// or wss:// URL",
    );
  });
});

describe("the public gateway addresses", () => {
  it("serves only ws:// by default, and only wss:// when the co-deployed gateway has a certificate", () => {
    expect(publicGateway({ GATEWAY_PORT: "18080" })).toEqual({ primary: "ws://localhost:18080", ws: "ws://localhost:18080", wss: null });
    expect(publicGateway({ GATEWAY_PORT: "18080", GATEWAY_TLS_CERT_FILE: "/c.pem", GATEWAY_TLS_KEY_FILE: "/k.pem" })).toEqual({
      primary: "wss://localhost:18080",
      ws: null,
      wss: "wss://localhost:18080",
    });
  });

  it("adds a TLS front end from PORTCULLIS_PUBLIC_GATEWAY_WSS_URL beside a ws:// gateway URL, without trailing slashes", () => {
    expect(publicGateway({ PORTCULLIS_PUBLIC_GATEWAY_URL: "ws://gw.internal:8080/", PORTCULLIS_PUBLIC_GATEWAY_WSS_URL: "wss://gw.example.com/" })).toEqual({
      primary: "ws://gw.internal:8080",
      ws: "ws://gw.internal:8080",
      wss: "wss://gw.example.com",
    });
    expect(parsePortalEnv({ PORTCULLIS_PUBLIC_GATEWAY_WSS_URL: "wss://gw.example.com" }).PORTCULLIS_PUBLIC_GATEWAY_WSS_URL).toBe("wss://gw.example.com");
  });

  it("refuses a PORTCULLIS_PUBLIC_GATEWAY_WSS_URL that is not wss://", () => {
    expect(() => parsePortalEnv({ PORTCULLIS_PUBLIC_GATEWAY_WSS_URL: "ws://gw.example.com" })).toThrow(
      "Invalid environment:\n  PORTCULLIS_PUBLIC_GATEWAY_WSS_URL: must be a wss:// URL",
    );
  });
});
