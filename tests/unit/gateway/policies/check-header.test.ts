import { describe, expect, it } from "vitest";
import { compileInbound, runInbound } from "./compile-inbound-fixture";
import { policyContext } from "./policy-context-fixture";

const check = (attributes: string, values = "") =>
  `<check-header name="Authorization" failed-check-httpcode="401" failed-check-error-message="Not authorized" ${attributes}>${values}</check-header>`;

describe("check-header refuses, when saved", () => {
  it.each([
    ["no name", '<check-header failed-check-httpcode="401" failed-check-error-message="m" ignore-case="false" />', "<check-header> needs the attribute 'name'"],
    ["no status", '<check-header name="a" failed-check-error-message="m" ignore-case="false" />', "<check-header> needs the attribute 'failed-check-httpcode'"],
    ["no message", '<check-header name="a" failed-check-httpcode="401" ignore-case="false" />', "<check-header> needs the attribute 'failed-check-error-message'"],
    ["no ignore-case (APIM requires it)", '<check-header name="a" failed-check-httpcode="401" failed-check-error-message="m" />', "<check-header> needs the attribute 'ignore-case'"],
    ["a status that is not a number", check('ignore-case="false"').replace('"401"', '"unauthorized"'), "'failed-check-httpcode' of <check-header> must be a whole number, not 'unauthorized'"],
    ["status 101", check('ignore-case="false"').replace('"401"', '"101"'), "'failed-check-httpcode' of <check-header>: 101 would tell the client the WebSocket upgrade succeeded: use a status from 200 to 599"],
    ["a 1xx status", check('ignore-case="false"').replace('"401"', '"103"'), "'failed-check-httpcode' of <check-header>: 103 is an interim (1xx) status that cannot end a handshake: use a status from 200 to 599"],
    ["a status past 599", check('ignore-case="false"').replace('"401"', '"600"'), "'failed-check-httpcode' of <check-header>: 600 is not an HTTP status: use a status from 200 to 599"],
    ["an ignore-case that is not boolean", check('ignore-case="yes"'), "'ignore-case' of <check-header> must be true or false, not 'yes'"],
    ["a header name that is not a token", check('ignore-case="true"').replace('name="Authorization"', 'name="Auth orization"'), "'Auth orization' is not a valid header name: use letters, digits and !#$%&'*+-.^_`|~ (no spaces or colons)"],
    ["another child", check('ignore-case="true"', "<values>a</values>"), "<check-header> contains <value> elements, not <values>"],
  ])("%s", (_name, policy, message) => {
    expect(compileInbound(policy).errors).toEqual([message]);
  });
});

describe("check-header", () => {
  const notAuthorized = (reason: string) => ({ ok: false, status: 401, reason, message: "Not authorized", source: "check-header" });
  const decide = (policy: string, headers: Record<string, string | string[]>) => runInbound(policy, policyContext({ headers }));

  it("with no <value>, only needs the header to be there (even empty)", () => {
    const policy = check('ignore-case="false"');
    expect(decide(policy, { authorization: "anything" })).toEqual({ ok: true });
    expect(decide(policy, { Authorization: "" })).toEqual({ ok: true });
    expect(decide(policy, {})).toEqual(notAuthorized("HeaderNotFound"));
  });

  it("lets through any listed value (APIM's example)", () => {
    const policy = check('ignore-case="false"', "<value>f6dc69a089844cf6b2019bae6d36fac8</value><value>second</value>");
    expect(decide(policy, { Authorization: "f6dc69a089844cf6b2019bae6d36fac8" })).toEqual({ ok: true });
    expect(decide(policy, { Authorization: "second" })).toEqual({ ok: true });
    expect(decide(policy, { Authorization: "third" })).toEqual(notAuthorized("HeaderValueNotAllowed"));
    expect(decide(policy, {})).toEqual(notAuthorized("HeaderNotFound"));
  });

  it("finds the header whatever the case of its name", () => {
    expect(decide(check('ignore-case="false"', "<value>k</value>"), { AUTHORIZATION: "k" })).toEqual({ ok: true });
  });

  it("compares values exactly unless ignore-case is true", () => {
    expect(decide(check('ignore-case="false"', "<value>Key</value>"), { Authorization: "KEY" })).toEqual(notAuthorized("HeaderValueNotAllowed"));
    expect(decide(check('ignore-case="true"', "<value>Key</value>"), { Authorization: "KEY" })).toEqual({ ok: true });
  });

  it("refuses a second, unlisted copy of the header next to an allowed one", () => {
    expect(decide(check('ignore-case="false"', "<value>good</value>"), { Authorization: ["good", "evil"] })).toEqual(notAuthorized("HeaderValueNotAllowed"));
    expect(decide(check('ignore-case="false"', "<value>good</value>"), { Authorization: ["good", "good"] })).toEqual({ ok: true });
  });

  it("answers with the policy's own status and message", () => {
    const policy = '<check-header name="X-Tenant" failed-check-httpcode="403" failed-check-error-message="Tenant &quot;unknown&quot;" ignore-case="true"><value>a</value></check-header>';
    expect(decide(policy, { "X-Tenant": "b" })).toEqual({ ok: false, status: 403, reason: "HeaderValueNotAllowed", message: 'Tenant "unknown"', source: "check-header" });
  });

  it("evaluates expressions in its attributes and values", () => {
    const policy =
      '<check-header name="X-Api" failed-check-httpcode="@(context.Variables.GetValueOrDefault<int>("code"))" failed-check-error-message="@("No access to " + context.Api.Id)" ignore-case="false"><value>@(context.Api.Id)</value></check-header>';
    const ctx = (value: string) => policyContext({ headers: { "X-Api": value }, variables: { code: 451 } });
    expect(runInbound(policy, ctx("echo"))).toEqual({ ok: true });
    expect(runInbound(policy, ctx("other"))).toEqual({ ok: false, status: 451, reason: "HeaderValueNotAllowed", message: "No access to echo", source: "check-header" });
  });

  it("refuses with 500 when the status expression gives no final status", () => {
    const policy = '<check-header name="X-A" failed-check-httpcode="@(context.Variables.GetValueOrDefault<int>("code"))" failed-check-error-message="m" ignore-case="false" />';
    expect(runInbound(policy, policyContext({ variables: { code: 101 } }))).toMatchObject({
      status: 500,
      reason: "ExpressionValueEvaluationFailure",
      message: "check-header: the failed-check-httpcode expression gave 101 would tell the client the WebSocket upgrade succeeded: use a status from 200 to 599",
    });
  });
});
