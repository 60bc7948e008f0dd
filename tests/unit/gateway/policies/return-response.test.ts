import { describe, expect, it } from "vitest";
import { compileInbound, runInbound } from "./compile-inbound-fixture";
import { policyContext } from "./policy-context-fixture";

describe("return-response refuses, when saved", () => {
  it.each([
    [
      "response-variable-name",
      '<return-response response-variable-name="existing context variable" />',
      "'response-variable-name' is not supported: it names a response made by send-request, which Portcullis does not have; describe the response with <set-status>, <set-header> and <set-body>",
    ],
    ["status 101", '<return-response><set-status code="101" reason="Switching Protocols" /></return-response>', "'code' of <set-status>: 101 would tell the client the WebSocket upgrade succeeded: use a status from 200 to 599"],
    ["a 1xx status", '<return-response><set-status code="100" reason="Continue" /></return-response>', "'code' of <set-status>: 100 is an interim (1xx) status that cannot end a handshake: use a status from 200 to 599"],
    ["a status of 0", '<return-response><set-status code="0" reason="x" /></return-response>', "'code' of <set-status>: 0 is not an HTTP status: use a status from 200 to 599"],
    ["set-status without a code", '<return-response><set-status reason="x" /></return-response>', "<set-status> needs the attribute 'code'"],
    ["set-status without a reason (APIM requires it)", '<return-response><set-status code="403" /></return-response>', "<set-status> needs the attribute 'reason'"],
    ["a reason with a line break", '<return-response><set-status code="403" reason="No&#13;&#10;X-A: 1" /></return-response>', "'reason' of <set-status> contains a line break (CR or LF), which would let it add headers of its own"],
    ["two set-status", '<return-response><set-status code="403" reason="a" /><set-status code="401" reason="b" /></return-response>', "<return-response> has more than one <set-status>"],
    ["two set-body", "<return-response><set-body>a</set-body><set-body>b</set-body></return-response>", "<return-response> has more than one <set-body>"],
    ["a liquid template", '<return-response><set-body template="liquid">{{x}}</set-body></return-response>', "<set-body> in <return-response> takes no attributes ('template'): the body is sent as written"],
    [
      "a framing header",
      '<return-response><set-header name="Content-Length"><value>0</value></set-header></return-response>',
      "'Content-Length' cannot be set on a returned response: the gateway writes Connection, Content-Length, Transfer-Encoding and the other framing headers itself",
    ],
    ["a header value with a line break", '<return-response><set-header name="X-A"><value>a&#10;b</value></set-header></return-response>', "a <value> of <set-header> contains a line break (CR or LF), which would let it add headers of its own"],
    ["another element", "<return-response><set-method>POST</set-method></return-response>", "<return-response> contains <set-status>, <set-header> and <set-body>, not <set-method>"],
  ])("%s", (_name, policy, message) => {
    expect(compileInbound(policy).errors).toEqual([message]);
  });
});

describe("return-response", () => {
  it("answers APIM's default, 200 with no body", () => {
    expect(runInbound("<return-response />", policyContext())).toEqual({
      ok: false,
      status: 200,
      reason: "ReturnResponse",
      message: "return-response answered 200",
      source: "return-response",
      headers: {},
      body: "",
    });
  });

  it("answers its status, headers and body (APIM's 401 example)", () => {
    const policy =
      '<return-response><set-status code="401" reason="Unauthorized" /><set-header name="WWW-Authenticate" exists-action="override"><value>Bearer error="invalid_token"</value></set-header>' +
      '<set-header name="Content-Type"><value>application/json</value></set-header><set-body>{"error": "invalid_token"}</set-body></return-response>';
    expect(runInbound(policy, policyContext())).toEqual({
      ok: false,
      status: 401,
      statusText: "Unauthorized",
      reason: "ReturnResponse",
      message: "return-response answered 401",
      source: "return-response",
      headers: { "WWW-Authenticate": 'Bearer error="invalid_token"', "Content-Type": "application/json" },
      body: '{"error": "invalid_token"}',
    });
  });

  it("joins a header's values and applies exists-action among its own headers", () => {
    const policy =
      '<return-response><set-header name="X-A"><value>1</value><value>2</value></set-header><set-header name="x-a" exists-action="append"><value>3</value></set-header>' +
      '<set-header name="X-B"><value>b</value></set-header><set-header name="X-B" exists-action="skip"><value>ignored</value></set-header>' +
      '<set-header name="X-C"><value>c</value></set-header><set-header name="X-C" exists-action="delete" /></return-response>';
    expect(runInbound(policy, policyContext())).toMatchObject({ headers: { "X-A": "1, 2, 3", "X-B": "b" } });
  });

  it("keeps a header named __proto__ a header", () => {
    const decision = runInbound('<return-response><set-header name="__proto__"><value>x</value></set-header></return-response>', policyContext());
    expect(Object.entries((decision as { headers: Record<string, string> }).headers)).toEqual([["__proto__", "x"]]);
  });

  it("evaluates expressions in set-status and set-body", () => {
    const policy =
      '<return-response><set-status code="@(context.Variables.GetValueOrDefault<int>("code"))" reason="@(context.Variables.GetValueOrDefault<string>("why"))" /><set-body>@("Sorry, " + context.Api.Name)</set-body></return-response>';
    expect(runInbound(policy, policyContext({ variables: { code: 429, why: "Too Many Requests" } }))).toMatchObject({
      status: 429,
      statusText: "Too Many Requests",
      body: "Sorry, Echo",
    });
  });

  it("refuses with 500 when an expression gives status 101 or a reason with a line break", () => {
    const policy = '<return-response><set-status code="@(context.Variables.GetValueOrDefault<int>("code"))" reason="@(context.Variables.GetValueOrDefault<string>("why"))" /></return-response>';
    expect(runInbound(policy, policyContext({ variables: { code: 101, why: "x" } }))).toMatchObject({
      status: 500,
      reason: "ExpressionValueEvaluationFailure",
      message: "return-response: the set-status code expression gave 101 would tell the client the WebSocket upgrade succeeded: use a status from 200 to 599",
    });
    expect(runInbound(policy, policyContext({ variables: { code: 403, why: "x\r\nSet-Cookie: a=b" } }))).toMatchObject({
      status: 500,
      message: "return-response: the set-status reason expression gave a value with a line break (CR or LF), which would let it add headers of its own",
    });
  });

  it("refuses with 500 a response header with CRLF from an expression", () => {
    const policy = '<return-response><set-header name="X-Echo"><value>@(context.Request.Headers.GetValueOrDefault("X-In",""))</value></set-header></return-response>';
    expect(runInbound(policy, policyContext({ headers: { "X-In": "a\r\nSet-Cookie: session=evil" } }))).toMatchObject({ status: 500, reason: "ExpressionValueEvaluationFailure", source: "set-header" });
  });

  it("ends the pipeline: later policies do not run", () => {
    const ctx = policyContext();
    const decision = runInbound('<return-response><set-status code="403" reason="Forbidden" /></return-response><set-header name="X-After"><value>1</value></set-header>', ctx);
    expect(decision).toMatchObject({ ok: false, status: 403 });
    expect(ctx.request.headers.has("X-After")).toBe(false);
  });
});
