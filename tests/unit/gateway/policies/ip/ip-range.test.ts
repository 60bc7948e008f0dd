import { describe, expect, it } from "vitest";
import { inRange, parseIpAddress } from "@/gateway/policies/ip/ip-address";
import { parseIpRange } from "@/gateway/policies/ip/ip-range";

function contains(range: string, address: string): boolean {
  const parsed = parseIpRange(range);
  const caller = parseIpAddress(address);
  if (!parsed.ok || !caller.ok) throw new Error(`bad test input ${range} ${address}`);
  return inRange(caller.address, parsed.range.from, parsed.range.to);
}

describe("parseIpRange", () => {
  it("reads an IPv4 block and holds exactly its addresses", () => {
    expect(contains("10.0.0.0/8", "10.0.0.0")).toBe(true);
    expect(contains("10.0.0.0/8", "10.255.255.255")).toBe(true);
    expect(contains("10.0.0.0/8", "11.0.0.0")).toBe(false);
    expect(contains("10.0.0.0/8", "9.255.255.255")).toBe(false);
  });

  it("matches an IPv4 block for a caller seen in IPv4-mapped IPv6 form", () => {
    expect(contains("127.0.0.1/32", "::ffff:127.0.0.1")).toBe(true);
    expect(contains("127.0.0.1/32", "::ffff:127.0.0.2")).toBe(false);
  });

  it("reads an IPv6 block", () => {
    expect(contains("2001:db8::/32", "2001:db8:ffff::1")).toBe(true);
    expect(contains("2001:db8::/32", "2001:db9::1")).toBe(false);
    expect(contains("::1/128", "::1")).toBe(true);
  });

  it("reads a lone address as a block of one", () => {
    expect(contains("192.0.2.7", "192.0.2.7")).toBe(true);
    expect(contains("192.0.2.7", "192.0.2.8")).toBe(false);
  });

  it("takes /0 as every address of the family", () => {
    expect(contains("0.0.0.0/0", "203.0.113.9")).toBe(true);
    expect(contains("::/0", "2001:db8::1")).toBe(true);
  });

  it("refuses a prefix longer than the family allows, or not a number, saying the allowed range", () => {
    expect(parseIpRange("10.0.0.0/33")).toEqual({ ok: false, message: "'10.0.0.0/33' has an invalid prefix length: write /0 to /32 after an IPv4 address" });
    expect(parseIpRange("2001:db8::/129")).toEqual({ ok: false, message: "'2001:db8::/129' has an invalid prefix length: write /0 to /128 after an IPv6 address" });
    expect(parseIpRange("10.0.0.0/")).toEqual({ ok: false, message: "'10.0.0.0/' has an invalid prefix length: write /0 to /32 after an IPv4 address" });
  });

  it("refuses host bits below the prefix, naming where the IPv4 block starts", () => {
    expect(parseIpRange("10.1.2.3/8")).toEqual({ ok: false, message: "'10.1.2.3/8' has host bits set below /8: the block starts at 10.0.0.0" });
    expect(parseIpRange("2001:db8::1/32")).toEqual({ ok: false, message: "'2001:db8::1/32' has host bits set below /32: write the block's first address" });
  });

  it("passes on the address parser's message for a bad address", () => {
    expect(parseIpRange("10.1/8")).toEqual({ ok: false, message: "'10.1' is not an IPv4 address: write all four parts (a.b.c.d), each 0 to 255" });
    expect(parseIpRange("proxy.local")).toEqual({ ok: false, message: "'proxy.local' is not an IP address" });
  });
});
