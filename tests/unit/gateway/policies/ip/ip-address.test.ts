import { describe, expect, it } from "vitest";
import { inRange, parseCallerAddress, parseIpAddress, type IpAddress } from "@/gateway/policies/ip/ip-address";

function address(text: string): IpAddress {
  const parsed = parseIpAddress(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return parsed.address;
}

function problem(text: string): string {
  const parsed = parseIpAddress(text);
  if (parsed.ok) throw new Error(`${text} parsed`);
  return parsed.message;
}

const MAPPED = 0xffffn << 32n;

describe("parseIpAddress reads IPv4", () => {
  it.each([
    ["0.0.0.0", 0n],
    ["127.0.0.1", 0x7f000001n],
    ["203.0.113.7", 0xcb007107n],
    ["255.255.255.255", 0xffffffffn],
  ])("%s as its IPv4-mapped 128-bit number", (text, v4) => {
    expect(address(text)).toEqual({ value: MAPPED | v4, v4: true });
  });
});

describe("parseIpAddress reads every IPv6 text form", () => {
  it.each([
    ["::", 0n],
    ["::1", 1n],
    ["0:0:0:0:0:0:0:1", 1n],
    ["0000:0000:0000:0000:0000:0000:0000:0001", 1n],
    ["1::", 1n << 112n],
    ["2001:db8::7", (0x2001n << 112n) | (0xdb8n << 96n) | 7n],
    ["2001:DB8:0:0:0:0:0:7", (0x2001n << 112n) | (0xdb8n << 96n) | 7n],
    ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", (1n << 128n) - 1n],
    ["::1:2:3:4:5:6:7", 0x0000_0001_0002_0003_0004_0005_0006_0007n],
    ["1:2:3:4:5:6:7::", 0x0001_0002_0003_0004_0005_0006_0007_0000n],
    ["1:2:3:4:5:6:1.2.3.4", 0x0001_0002_0003_0004_0005_0006_0102_0304n],
    ["64:ff9b::192.0.2.33", (0x64n << 112n) | (0xff9bn << 96n) | 0xc0000221n],
  ])("%s", (text, value) => {
    expect(address(text).value).toBe(value);
  });

  it("reads ::1 and 0:0:0:0:0:0:0:1 as the same address", () => {
    expect(address("::1")).toEqual(address("0:0:0:0:0:0:0:1"));
  });

  it("treats hex digits in any case alike", () => {
    expect(address("2001:DB8::AbCd")).toEqual(address("2001:db8::abcd"));
  });

  it("reads IPv4-mapped IPv6, dotted or hex, as the IPv4 address", () => {
    expect(address("::ffff:1.2.3.4")).toEqual(address("1.2.3.4"));
    expect(address("::FFFF:102:304")).toEqual(address("1.2.3.4"));
    expect(address("0:0:0:0:0:ffff:1.2.3.4")).toEqual({ value: MAPPED | 0x01020304n, v4: true });
  });

  it("keeps the deprecated IPv4-compatible form (::1.2.3.4) an IPv6 address distinct from 1.2.3.4", () => {
    expect(address("::1.2.3.4")).toEqual({ value: 0x01020304n, v4: false });
  });

  it("marks only ::ffff:0:0/96 as IPv4", () => {
    expect(address("::fffe:1.2.3.4").v4).toBe(false);
    expect(address("1::ffff:1.2.3.4").v4).toBe(false);
    expect(address("::ffff:0:0").v4).toBe(true);
  });
});

describe("parseIpAddress refuses, saying why", () => {
  it.each([
    ["", "an empty string is not an IP address"],
    [" 1.2.3.4", "' 1.2.3.4' has spaces around it"],
    ["1.2.3.4 ", "'1.2.3.4 ' has spaces around it"],
    ["example.com", "'example.com' is not an IP address"],
    ["1.2.3", "'1.2.3' is not an IPv4 address: write all four parts (a.b.c.d), each 0 to 255"],
    ["10.1", "'10.1' is not an IPv4 address: write all four parts (a.b.c.d), each 0 to 255"],
    ["1.2.3.4.5", "'1.2.3.4.5' is not an IPv4 address: write all four parts (a.b.c.d), each 0 to 255"],
    ["1..3.4", "'1..3.4' is not an IPv4 address: write all four parts (a.b.c.d), each 0 to 255"],
    ["256.0.0.1", "'256.0.0.1' is not an IPv4 address: '256' is more than 255"],
    ["1.2.3.1000", "'1.2.3.1000' is not an IPv4 address: write all four parts (a.b.c.d), each 0 to 255"],
    ["010.0.0.1", "'010.0.0.1' is ambiguous: an IPv4 part with a leading zero ('010') is octal to some software and decimal to others"],
    ["1.2.3.00", "'1.2.3.00' is ambiguous: an IPv4 part with a leading zero ('00') is octal to some software and decimal to others"],
    ["0x7f.0.0.1", "'0x7f.0.0.1' is not an IP address"],
    ["2130706433", "'2130706433' is not an IPv4 address: write all four parts (a.b.c.d), each 0 to 255"],
    ["10.0.0.0/8", "'10.0.0.0/8' is CIDR notation, not an address"],
    ["2001:db8::/32", "'2001:db8::/32' is CIDR notation, not an address"],
    ["fe80::1%eth0", "'fe80::1%eth0' has a zone id ('%…'): zone ids are not allowed, write the address alone"],
    ["fe80::1%25eth0", "'fe80::1%25eth0' has a zone id ('%…'): zone ids are not allowed, write the address alone"],
    ["[::1]", "'[::1]' has brackets: write the address without them"],
    ["1:2:3:4:5:6:7:8:9", "'1:2:3:4:5:6:7:8:9' is not an IPv6 address: it needs 8 groups (or '::' for the zeros)"],
    ["1:2:3:4:5:6:7", "'1:2:3:4:5:6:7' is not an IPv6 address: it needs 8 groups (or '::' for the zeros)"],
    ["1::2::3", "'1::2::3' is not an IPv6 address: '::' may appear only once"],
    [":::", "':::' is not an IPv6 address: '::' may appear only once"],
    ["1:::2", "'1:::2' is not an IPv6 address: '::' may appear only once"],
    [":1:2:3:4:5:6:7", "':1:2:3:4:5:6:7' is not an IPv6 address"],
    ["1:2:3:4:5:6:7:", "'1:2:3:4:5:6:7:' is not an IPv6 address"],
    ["1:2:3:4::5:6:7:8", "'1:2:3:4::5:6:7:8' is not an IPv6 address: '::' must stand for at least one group of zeros"],
    ["12345::1", "'12345::1' is not an IPv6 address: '12345' is not a group of 1 to 4 hex digits"],
    ["g::1", "'g::1' is not an IPv6 address"],
    ["1.2.3.4::", "'1.2.3.4::' is not an IPv6 address: an embedded IPv4 address must come last"],
    ["::1.2.3.4:1", "'::1.2.3.4:1' is not an IPv6 address: an embedded IPv4 address must come last"],
    ["::ffff:1.2.3", "'::ffff:1.2.3' is not an IPv6 address: '1.2.3' is not an IPv4 address: write all four parts (a.b.c.d), each 0 to 255"],
    ["::ffff:1.2.3.256", "'::ffff:1.2.3.256' is not an IPv6 address: '1.2.3.256' is not an IPv4 address: '256' is more than 255"],
    ["::ffff:01.2.3.4", "'::ffff:01.2.3.4' is not an IPv6 address: '01.2.3.4' is ambiguous: an IPv4 part with a leading zero ('01') is octal to some software and decimal to others"],
    ["1:2:3:4:5:6:7:1.2.3.4", "'1:2:3:4:5:6:7:1.2.3.4' is not an IPv6 address: it needs 8 groups (or '::' for the zeros)"],
    ["１.2.3.4", "'１.2.3.4' is not an IP address"],
  ])("%j", (text, message) => {
    expect(problem(text)).toBe(message);
  });
});

describe("parseCallerAddress", () => {
  it("drops the zone id a link-local caller's socket reports", () => {
    expect(parseCallerAddress("fe80::1%eth0")).toEqual({ ok: true, address: address("fe80::1") });
  });

  it("reads a mapped caller as IPv4", () => {
    expect(parseCallerAddress("::ffff:127.0.0.1")).toEqual({ ok: true, address: address("127.0.0.1") });
  });

  it("refuses what is not an address", () => {
    expect(parseCallerAddress("")).toEqual({ ok: false, message: "an empty string is not an IP address" });
    expect(parseCallerAddress("%eth0")).toEqual({ ok: false, message: "'%eth0' has a zone id ('%…'): zone ids are not allowed, write the address alone" });
  });
});

describe("inRange", () => {
  const from = address("10.0.0.1");
  const to = address("10.0.0.9");

  it("includes both ends", () => {
    expect(inRange(address("10.0.0.1"), from, to)).toBe(true);
    expect(inRange(address("10.0.0.9"), from, to)).toBe(true);
    expect(inRange(address("10.0.0.5"), from, to)).toBe(true);
  });

  it("excludes the neighbours", () => {
    expect(inRange(address("10.0.0.0"), from, to)).toBe(false);
    expect(inRange(address("10.0.0.10"), from, to)).toBe(false);
  });

  it("matches a mapped caller against an IPv4 range, and not an unrelated IPv6 one", () => {
    expect(inRange(address("::ffff:10.0.0.5"), from, to)).toBe(true);
    expect(inRange(address("::a00:5"), from, to)).toBe(false);
  });
});
