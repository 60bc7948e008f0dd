import { describe, expect, it } from "vitest";
import { checkBackendUrl } from "@/gateway/policies/set-backend-service";
import { compileInbound, runInbound } from "./compile-inbound-fixture";
import { policyContext } from "./policy-context-fixture";

describe("set-backend-service refuses, when saved", () => {
  it.each([
    ["no base-url", "<set-backend-service />", "<set-backend-service> needs the attribute 'base-url'"],
    ["backend-id", '<set-backend-service backend-id="my-backend" />', "'backend-id' is not supported: Portcullis has no backend entities yet; write the backend's URL in 'base-url'"],
    ["Service Fabric attributes", '<set-backend-service base-url="wss://b.example" sf-partition-key="1" />', "'sf-partition-key' is not supported: Portcullis has no Service Fabric backends"],
    ["a relative URL", '<set-backend-service base-url="/socket" />', "'base-url' of <set-backend-service>: '/socket' is not an absolute URL (such as wss://backend.example.com/socket)"],
    ["another scheme", '<set-backend-service base-url="ftp://b.example" />', "'base-url' of <set-backend-service>: 'ftp://b.example' is not a WebSocket URL: use ws:// or wss://"],
    ["credentials", '<set-backend-service base-url="wss://u:p@b.example" />', "'base-url' of <set-backend-service>: 'wss://u:p@b.example' contains credentials: use <authentication-basic> instead"],
    ["a fragment", '<set-backend-service base-url="wss://b.example/s#x" />', "'base-url' of <set-backend-service>: 'wss://b.example/s#x' has a fragment ('#…'), which a backend URL cannot use"],
    ["an unknown attribute", '<set-backend-service base-url="wss://b.example" url="x" />', "<set-backend-service> has no attribute 'url' (known: base-url, backend-id, sf-resolve-condition, sf-service-instance-name, sf-partition-key, sf-listener-name)"],
  ])("%s", (_name, policy, message) => {
    expect(compileInbound(policy).errors).toEqual([message]);
  });

  it("points at the attribute", () => {
    const { diagnostics, text } = compileInbound('<set-backend-service base-url="gopher://x" />');
    expect(text.slice(diagnostics[0]!.from, diagnostics[0]!.to)).toBe('base-url="gopher://x"');
  });
});

describe("set-backend-service", () => {
  const backend = (policy: string, variables: Record<string, unknown> = {}) => {
    const ctx = policyContext({ variables });
    return { decision: runInbound(policy, ctx), url: ctx.backendServiceUrl };
  };

  it("sets the backend base URL", () => {
    expect(backend('<set-backend-service base-url="wss://backend-2.example.com/v2" />')).toEqual({ decision: { ok: true }, url: "wss://backend-2.example.com/v2" });
    expect(backend('<set-backend-service base-url="ws://127.0.0.1:9001/?tenant=a" />').url).toBe("ws://127.0.0.1:9001/?tenant=a");
  });

  it("reads http:// and https:// as ws:// and wss://, with a warning when saved", () => {
    expect(backend('<set-backend-service base-url="https://backend.example.com/socket" />').url).toBe("wss://backend.example.com/socket");
    expect(backend('<set-backend-service base-url="http://backend.example.com:8080" />').url).toBe("ws://backend.example.com:8080/");
    expect(compileInbound('<set-backend-service base-url="https://b.example/s" />').warnings).toEqual(["'base-url' is an https:// URL: the gateway opens the WebSocket at wss://b.example/s"]);
  });

  it("the last one wins", () => {
    expect(backend('<set-backend-service base-url="wss://a.example" /><set-backend-service base-url="wss://b.example" />').url).toBe("wss://b.example/");
  });

  it("checks a URL from an expression at the handshake, refusing an invalid one with 500", () => {
    const policy = '<set-backend-service base-url="@(context.Variables.GetValueOrDefault<string>("u"))" />';
    expect(compileInbound(policy).errors).toEqual([]);
    expect(backend(policy, { u: "wss://tenant-a.example/ws" })).toEqual({ decision: { ok: true }, url: "wss://tenant-a.example/ws" });
    expect(backend(policy, { u: "javascript:alert(1)" })).toEqual({
      decision: {
        ok: false,
        status: 500,
        reason: "ExpressionValueEvaluationFailure",
        message: "set-backend-service: the base-url expression gave 'javascript:alert(1)' is not a WebSocket URL: use ws:// or wss://",
        source: "set-backend-service",
        headers: { "Content-Type": "application/json; charset=utf-8" },
        body: '{"statusCode":500,"message":"Internal server error"}',
      },
      url: null,
    });
    expect(backend(policy, {}).decision).toMatchObject({ status: 500, message: "set-backend-service: the base-url expression gave '' is not an absolute URL (such as wss://backend.example.com/socket)" });
  });
});

describe("checkBackendUrl", () => {
  it("normalizes", () => {
    expect(checkBackendUrl("WSS://Backend.Example.COM:443/a/../b")).toEqual({ ok: true, url: "wss://backend.example.com/b", mapped: null });
  });

  it("refuses a URL without a host", () => {
    expect(checkBackendUrl("ws://")).toEqual({ ok: false, problem: "'ws://' is not an absolute URL (such as wss://backend.example.com/socket)" });
  });
});
