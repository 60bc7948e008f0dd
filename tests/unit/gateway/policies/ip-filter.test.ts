import { describe, expect, it } from "vitest";
import { compileInbound, runInbound } from "./compile-inbound-fixture";
import { policyContext } from "./policy-context-fixture";

const FORBIDDEN = {
  ok: false,
  status: 403,
  source: "ip-filter",
  headers: { "Content-Type": "application/json; charset=utf-8" },
  body: '{"statusCode":403,"message":"Forbidden"}',
};

const decide = (policy: string, ipAddress: string, variables: Record<string, unknown> = {}) => runInbound(policy, policyContext({ ipAddress, variables }));

describe("ip-filter refuses, when saved, with the position", () => {
  it.each([
    ["no action", "<ip-filter><address>1.2.3.4</address></ip-filter>", "<ip-filter> needs the attribute 'action'"],
    ["an unknown action", '<ip-filter action="deny"><address>1.2.3.4</address></ip-filter>', "'action' of <ip-filter> must be one of 'allow', 'forbid', not 'deny'"],
    ["no rules", '<ip-filter action="allow" />', "<ip-filter> needs at least one <address> or <address-range>"],
    ["another element", '<ip-filter action="allow"><addresses>1.2.3.4</addresses></ip-filter>', "<ip-filter> contains <address> and <address-range> elements, not <addresses>"],
    ["an empty address", '<ip-filter action="allow"><address> </address></ip-filter>', "<address> is empty: write an IP address such as 203.0.113.7 or 2001:db8::7"],
    ["an address with attributes", '<ip-filter action="allow"><address v="4">1.2.3.4</address></ip-filter>', "<address> takes no attributes ('v')"],
    ["a host name", '<ip-filter action="allow"><address>localhost</address></ip-filter>', "'localhost' is not an IP address"],
    [
      "CIDR in an address",
      '<ip-filter action="allow"><address>10.0.0.0/8</address></ip-filter>',
      "'10.0.0.0/8' is CIDR notation, not an address: use <address-range from=\"…\" to=\"…\" /> for a block of addresses",
    ],
    ["a zone id", '<ip-filter action="forbid"><address>fe80::1%eth0</address></ip-filter>', "'fe80::1%eth0' has a zone id ('%…'): zone ids are not allowed, write the address alone"],
    [
      "an octal-looking IPv4 part",
      '<ip-filter action="forbid"><address>127.000.0.1</address></ip-filter>',
      "'127.000.0.1' is ambiguous: an IPv4 part with a leading zero ('000') is octal to some software and decimal to others",
    ],
    ["a range without 'to'", '<ip-filter action="allow"><address-range from="1.2.3.4" /></ip-filter>', "<address-range> needs the attribute 'to'"],
    ["a range with a bad end", '<ip-filter action="allow"><address-range from="1.2.3.4" to="1.2.3.256" /></ip-filter>', "'to' of <address-range>: '1.2.3.256' is not an IPv4 address: '256' is more than 255"],
    ["a backwards range", '<ip-filter action="allow"><address-range from="10.0.0.9" to="10.0.0.1" /></ip-filter>', "<address-range> is backwards: 'from' (10.0.0.9) comes after 'to' (10.0.0.1)"],
    ["a backwards IPv6 range", '<ip-filter action="allow"><address-range from="2001:db8::ff" to="2001:db8::1" /></ip-filter>', "<address-range> is backwards: 'from' (2001:db8::ff) comes after 'to' (2001:db8::1)"],
    ["a range across families", '<ip-filter action="allow"><address-range from="0.0.0.0" to="::1" /></ip-filter>', "<address-range> mixes IPv4 and IPv6 ('0.0.0.0' to '::1'): write one range per family"],
    ["content in a range", '<ip-filter action="allow"><address-range from="1.2.3.4" to="1.2.3.5">x</address-range></ip-filter>', '<address-range> takes no content: write <address-range from="…" to="…" />'],
    ["an expression in a range", '<ip-filter action="allow"><address-range from="@(context.Request.IpAddress)" to="1.2.3.5" /></ip-filter>', "'from' of <address-range> does not accept a policy expression"],
  ])("%s", (_name, policy, message) => {
    expect(compileInbound(policy).errors).toEqual([message]);
  });

  it("points at the bad address, line and column", () => {
    const { diagnostics, text } = compileInbound('\n<ip-filter action="allow">\n  <address>1.2.3.4</address>\n  <address>1.2.3</address>\n</ip-filter>\n');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ line: 4, column: 12, severity: "error" });
    expect(text.slice(diagnostics[0]!.from, diagnostics[0]!.to)).toBe("1.2.3");
  });

  it("points at a bad range's element", () => {
    const { diagnostics } = compileInbound('<ip-filter action="allow">\n<address-range from="::1" to="::" /></ip-filter>');
    expect(diagnostics[0]).toMatchObject({ line: 2, column: 2 });
  });

  it("accepts a range written with IPv4 and IPv4-mapped ends", () => {
    expect(compileInbound('<ip-filter action="allow"><address-range from="10.0.0.1" to="::ffff:10.0.0.9" /></ip-filter>').errors).toEqual([]);
  });

  it("accepts the action in any case, as the other enumerations", () => {
    expect(compileInbound('<ip-filter action="Forbid"><address>1.2.3.4</address></ip-filter>').errors).toEqual([]);
  });
});

describe("ip-filter action=allow", () => {
  const policy = '<ip-filter action="allow"><address>13.66.201.169</address><address-range from="13.66.140.128" to="13.66.140.143" /></ip-filter>';

  it("lets through a listed address and the ends of a listed range", () => {
    expect(decide(policy, "13.66.201.169")).toEqual({ ok: true });
    expect(decide(policy, "13.66.140.128")).toEqual({ ok: true });
    expect(decide(policy, "13.66.140.143")).toEqual({ ok: true });
  });

  it("refuses anyone else with APIM's 403, reason and message", () => {
    expect(decide(policy, "13.66.140.144")).toEqual({
      ...FORBIDDEN,
      reason: "CallerIpNotAllowed",
      message: "Caller IP address 13.66.140.144 is not allowed. Access denied.",
    });
  });

  it("refuses an IPv6 caller when only IPv4 is listed", () => {
    expect(decide(policy, "2001:db8::1")).toMatchObject({ status: 403, reason: "CallerIpNotAllowed" });
  });

  it("lets through an IPv6 range's members", () => {
    const v6 = '<ip-filter action="allow"><address-range from="2001:db8::" to="2001:db8::ffff" /></ip-filter>';
    expect(decide(v6, "2001:DB8:0:0:0:0:0:abcd")).toEqual({ ok: true });
    expect(decide(v6, "2001:db8::1:0")).toMatchObject({ reason: "CallerIpNotAllowed" });
  });
});

describe("ip-filter action=forbid", () => {
  it("refuses a listed caller with APIM's 403, reason and message", () => {
    expect(decide('<ip-filter action="forbid"><address>127.0.0.1</address></ip-filter>', "127.0.0.1")).toEqual({
      ...FORBIDDEN,
      reason: "CallerIpBlocked",
      message: "Caller IP address is blocked. Access denied.",
    });
  });

  it("lets through callers not listed", () => {
    expect(decide('<ip-filter action="forbid"><address>127.0.0.1</address></ip-filter>', "127.0.0.2")).toEqual({ ok: true });
  });
});

describe("ip-filter compares addresses, not their spelling", () => {
  const blocked = (rule: string, caller: string) => decide(`<ip-filter action="forbid"><address>${rule}</address></ip-filter>`, caller);

  it("blocks an IPv4-mapped IPv6 caller by its IPv4 rule", () => {
    expect(blocked("127.0.0.1", "::ffff:127.0.0.1")).toMatchObject({ reason: "CallerIpBlocked" });
  });

  it("blocks an IPv4 caller by its IPv4-mapped IPv6 rule, dotted or hex", () => {
    expect(blocked("::ffff:127.0.0.1", "127.0.0.1")).toMatchObject({ reason: "CallerIpBlocked" });
    expect(blocked("::FFFF:7F00:1", "127.0.0.1")).toMatchObject({ reason: "CallerIpBlocked" });
  });

  it("blocks ::1 written as 0:0:0:0:0:0:0:1, and the other way round", () => {
    expect(blocked("0:0:0:0:0:0:0:1", "::1")).toMatchObject({ reason: "CallerIpBlocked" });
    expect(blocked("::1", "0000:0000:0000:0000:0000:0000:0000:0001")).toMatchObject({ reason: "CallerIpBlocked" });
  });

  it("does not take IPv6 loopback for IPv4 loopback", () => {
    expect(blocked("127.0.0.1", "::1")).toEqual({ ok: true });
    expect(blocked("::1", "127.0.0.1")).toEqual({ ok: true });
  });

  it("does not take the IPv4-compatible ::1.2.3.4 for 1.2.3.4", () => {
    expect(blocked("1.2.3.4", "::1.2.3.4")).toEqual({ ok: true });
  });

  it("blocks a link-local caller whatever zone its socket names", () => {
    expect(blocked("fe80::1", "fe80::1%eth0")).toMatchObject({ reason: "CallerIpBlocked" });
  });
});

describe("ip-filter with a caller it cannot read", () => {
  it.each(["allow", "forbid"])("refuses under action=%s (fails closed)", (action) => {
    expect(decide(`<ip-filter action="${action}"><address>1.2.3.4</address></ip-filter>`, "")).toEqual({
      ...FORBIDDEN,
      reason: "FailedToParseCallerIP",
      message: "Failed to establish IP address for the caller. Access denied.",
    });
  });
});

describe("ip-filter with expressions", () => {
  const dynamicAddress = '<ip-filter action="forbid"><address>@(context.Variables.GetValueOrDefault<string>("banned"))</address></ip-filter>';

  it("reads an <address> expression per handshake", () => {
    expect(decide(dynamicAddress, "198.51.100.4", { banned: "198.51.100.4" })).toMatchObject({ reason: "CallerIpBlocked" });
    expect(decide(dynamicAddress, "198.51.100.4", { banned: "::ffff:198.51.100.4" })).toMatchObject({ reason: "CallerIpBlocked" });
    expect(decide(dynamicAddress, "198.51.100.5", { banned: "198.51.100.4" })).toEqual({ ok: true });
  });

  it("refuses with 500 when an <address> expression gives no address", () => {
    expect(decide(dynamicAddress, "198.51.100.4", { banned: "not-an-ip" })).toEqual({
      ok: false,
      status: 500,
      reason: "ExpressionValueEvaluationFailure",
      message: "ip-filter: an <address> expression gave 'not-an-ip' is not an IP address",
      source: "ip-filter",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: '{"statusCode":500,"message":"Internal server error"}',
    });
  });

  it("reads an action expression per handshake, and refuses with 500 when it is neither allow nor forbid", () => {
    const policy = '<ip-filter action="@(context.Variables.GetValueOrDefault<string>("mode"))"><address>1.2.3.4</address></ip-filter>';
    expect(decide(policy, "1.2.3.4", { mode: "forbid" })).toMatchObject({ reason: "CallerIpBlocked" });
    expect(decide(policy, "1.2.3.4", { mode: "allow" })).toEqual({ ok: true });
    expect(decide(policy, "1.2.3.4", { mode: "maybe" })).toMatchObject({
      status: 500,
      reason: "ExpressionValueEvaluationFailure",
      message: "ip-filter: the action expression must give 'allow' or 'forbid'",
    });
  });
});
