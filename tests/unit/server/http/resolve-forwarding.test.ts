import { describe, expect, it } from "vitest";
import { parsePortalEnv } from "@/server/env";
import { resolveForwarding, type RawRequest } from "@/server/http/resolve-forwarding";

const trust = (list: string) => parsePortalEnv({ PORTCULLIS_TRUSTED_PROXIES: list }).PORTCULLIS_TRUSTED_PROXIES;
const NONE = trust("");
const LOOPBACK = trust("127.0.0.1/32, ::1");

const request = (peer: string | undefined, headers: RawRequest["headers"] = {}, encrypted = false): RawRequest => ({ peer, encrypted, headers });

describe("resolveForwarding without trusted proxies", () => {
  it("uses the socket's address and ignores every forwarding header a client sends", () => {
    const spoofed = request("198.51.100.4", { "x-forwarded-for": "203.0.113.9", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    expect(resolveForwarding(spoofed, NONE)).toEqual({ clientAddress: "198.51.100.4", forwardedHost: null, proto: "http" });
  });

  it("ignores them from a peer that is not in the list", () => {
    expect(resolveForwarding(request("192.0.2.1", { "x-forwarded-for": "203.0.113.9" }), LOOPBACK).clientAddress).toBe("192.0.2.1");
  });

  it("writes an IPv4-mapped socket address as IPv4, so one client is one key", () => {
    expect(resolveForwarding(request("::ffff:198.51.100.4"), NONE).clientAddress).toBe("198.51.100.4");
  });

  it("says https for a TLS socket, and 'unknown' once the socket has no address", () => {
    expect(resolveForwarding(request("198.51.100.4", {}, true), NONE).proto).toBe("https");
    expect(resolveForwarding(request(undefined, { "x-forwarded-for": "203.0.113.9" }), LOOPBACK).clientAddress).toBe("unknown");
  });
});

describe("resolveForwarding behind trusted proxies", () => {
  it("takes the client from the hop the trusted proxy appended, ignoring what the client wrote to its left", () => {
    const view = resolveForwarding(request("127.0.0.1", { "x-forwarded-for": "10.9.9.9, 203.0.113.9", "x-forwarded-host": "Portal.Example.com", "x-forwarded-proto": "https" }), LOOPBACK);
    expect(view).toEqual({ clientAddress: "203.0.113.9", forwardedHost: "portal.example.com", proto: "https" });
  });

  it("skips every trusted hop from the right and stops at the first untrusted one", () => {
    const chain = trust("127.0.0.1, 10.0.0.0/8");
    const view = resolveForwarding(request("::ffff:127.0.0.1", { "x-forwarded-for": ["1.1.1.1, 203.0.113.9", "10.0.0.7"] }), chain);
    expect(view.clientAddress).toBe("203.0.113.9");
  });

  it("takes the furthest address when every hop is trusted, and the proxy itself when it forwarded none", () => {
    const chain = trust("127.0.0.1, 10.0.0.0/8");
    expect(resolveForwarding(request("127.0.0.1", { "x-forwarded-for": "10.0.0.8, 10.0.0.7" }), chain).clientAddress).toBe("10.0.0.8");
    expect(resolveForwarding(request("127.0.0.1"), chain).clientAddress).toBe("127.0.0.1");
  });

  it("reads hops with ports or brackets, and IPv6 proxies", () => {
    expect(resolveForwarding(request("::1", { "x-forwarded-for": "203.0.113.9:4711" }), LOOPBACK).clientAddress).toBe("203.0.113.9");
    expect(resolveForwarding(request("::1", { "x-forwarded-for": "[2001:DB8::7]:4711" }), LOOPBACK).clientAddress).toBe("2001:db8::7");
  });

  it("stops at a hop that is not an address: the last trusted proxy stands for the client", () => {
    const chain = trust("127.0.0.1, 10.0.0.0/8");
    expect(resolveForwarding(request("127.0.0.1", { "x-forwarded-for": "203.0.113.9, unknown, 10.0.0.7" }), chain).clientAddress).toBe("10.0.0.7");
    expect(resolveForwarding(request("127.0.0.1", { "x-forwarded-for": "garbage" }), LOOPBACK).clientAddress).toBe("127.0.0.1");
  });

  it("takes host and proto from the outermost trusted proxy's entry, and refuses a host that is not one", () => {
    const chain = trust("127.0.0.1, 10.0.0.0/8");
    const twoHops = request("127.0.0.1", { "x-forwarded-for": "203.0.113.9, 10.0.0.7", "x-forwarded-host": "spoofed.example, public.example, internal:3000", "x-forwarded-proto": "http, https, http" });
    expect(resolveForwarding(twoHops, chain)).toEqual({ clientAddress: "203.0.113.9", forwardedHost: "public.example", proto: "https" });
    const bad = request("127.0.0.1", { "x-forwarded-host": "evil.example/path", "x-forwarded-proto": "gopher" });
    expect(resolveForwarding(bad, LOOPBACK)).toEqual({ clientAddress: "127.0.0.1", forwardedHost: null, proto: "http" });
  });
});
