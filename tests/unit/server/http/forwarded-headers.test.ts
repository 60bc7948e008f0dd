import { describe, expect, it } from "vitest";
import { clientAddress, forwardedHost, PORTAL_SERVER_MARK, requestProto, writeForwardedHeaders } from "@/server/http/forwarded-headers";

const BEHIND = { [PORTAL_SERVER_MARK]: "1" };

describe("writeForwardedHeaders", () => {
  it("replaces whatever the client sent with the resolved view", () => {
    const headers: Record<string, string | string[] | undefined> = {
      "x-portcullis-client": "6.6.6.6",
      "x-forwarded-for": "6.6.6.6, 7.7.7.7",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
      "x-forwarded-port": "443",
      "x-real-ip": "6.6.6.6",
      forwarded: "for=6.6.6.6",
      host: "portal.example",
    };
    writeForwardedHeaders(headers, { clientAddress: "198.51.100.4", forwardedHost: null, proto: "http" });
    expect(headers).toEqual({ "x-portcullis-client": "198.51.100.4", "x-forwarded-for": "198.51.100.4", "x-forwarded-proto": "http", host: "portal.example" });
  });
});

describe("reading the resolved view", () => {
  const headers = new Headers({ "x-portcullis-client": "203.0.113.9", "x-forwarded-host": "public.example", "x-forwarded-proto": "https" });

  it("believes the headers only when the portal server is in front", () => {
    expect([clientAddress(headers, BEHIND), forwardedHost(headers, BEHIND), requestProto(headers, BEHIND)]).toEqual(["203.0.113.9", "public.example", "https"]);
  });

  it("without the portal server (next dev, a bare next start) every client is 'unknown' and forwarding headers count for nothing", () => {
    expect([clientAddress(headers, {}), forwardedHost(headers, {}), requestProto(headers, {})]).toEqual(["unknown", null, "http"]);
  });

  it("reads next-auth's plain header object too", () => {
    expect(clientAddress({ "x-portcullis-client": "203.0.113.9" }, BEHIND)).toBe("203.0.113.9");
    expect(clientAddress(undefined, BEHIND)).toBe("unknown");
  });
});
