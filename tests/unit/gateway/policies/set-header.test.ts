import { describe, expect, it } from "vitest";
import { compileInbound, runInbound } from "./compile-inbound-fixture";
import { policyContext } from "./policy-context-fixture";

const MANAGED =
  "the gateway itself sets Host, Connection, Upgrade, the Sec-WebSocket-* headers, Content-Length, Transfer-Encoding and the other hop-by-hop headers of the handshake";
const setHeader = (attributes: string, values = "<value>v</value>") => `<set-header ${attributes}>${values}</set-header>`;

describe("set-header refuses, when saved", () => {
  it.each([
    "Host",
    "Connection",
    "Upgrade",
    "Sec-WebSocket-Key",
    "Sec-WebSocket-Version",
    "Sec-WebSocket-Accept",
    "Sec-WebSocket-Extensions",
    "Sec-WebSocket-Protocol",
    "Content-Length",
    "Transfer-Encoding",
    "Keep-Alive",
    "Proxy-Connection",
    "Proxy-Authorization",
    "TE",
    "Trailer",
  ])("the handshake header %s", (name) => {
    expect(compileInbound(setHeader(`name="${name}" exists-action="override"`)).errors).toEqual([`set-header cannot change '${name}' on onHandshake: ${MANAGED}`]);
  });

  it("a handshake header written in another case, and says it as written", () => {
    expect(compileInbound(setHeader('name="sec-websocket-key"')).errors).toEqual([`set-header cannot change 'sec-websocket-key' on onHandshake: ${MANAGED}`]);
    expect(compileInbound(setHeader('name="HOST"', "")).errors).toEqual([`set-header cannot change 'HOST' on onHandshake: ${MANAGED}`, '<set-header> needs at least one <value> (only exists-action="delete" takes none)']);
  });

  it("deleting a handshake header too", () => {
    expect(compileInbound('<set-header name="Upgrade" exists-action="delete" />').errors).toEqual([`set-header cannot change 'Upgrade' on onHandshake: ${MANAGED}`]);
  });

  it.each([
    ["a name with a space", 'name="X Tenant"', "'X Tenant' is not a valid header name: use letters, digits and !#$%&'*+-.^_`|~ (no spaces or colons)"],
    ["a name with a colon", 'name="X-Tenant:"', "'X-Tenant:' is not a valid header name: use letters, digits and !#$%&'*+-.^_`|~ (no spaces or colons)"],
    ["a pseudo-header", 'name=":authority"', "':authority' is not a valid header name: use letters, digits and !#$%&'*+-.^_`|~ (no spaces or colons)"],
    ["an empty name", 'name=""', "a header name cannot be empty"],
    ["no name", 'exists-action="override"', "<set-header> needs the attribute 'name'"],
    ["an unknown exists-action", 'name="X-A" exists-action="replace"', "'exists-action' of <set-header> must be one of 'override', 'skip', 'append', 'delete', not 'replace'"],
    ["an unknown attribute", 'name="X-A" action="override"', "<set-header> has no attribute 'action' (known: name, exists-action)"],
  ])("%s", (_name, attributes, message) => {
    expect(compileInbound(setHeader(attributes)).errors).toEqual([message]);
  });

  it("no value unless deleting", () => {
    expect(compileInbound('<set-header name="X-A" exists-action="override" />').errors).toEqual(['<set-header> needs at least one <value> (only exists-action="delete" takes none)']);
    expect(compileInbound('<set-header name="X-A" exists-action="delete" />').errors).toEqual([]);
  });

  it("a constant value with a line break (header injection), at the value", () => {
    const { errors, diagnostics, text } = compileInbound(setHeader('name="X-A"', "<value>a&#13;&#10;X-Injected: 1</value>"));
    expect(errors).toEqual(["a <value> of <set-header> contains a line break (CR or LF), which would let it add headers of its own"]);
    expect(text.slice(diagnostics[0]!.from, diagnostics[0]!.to)).toBe("value");
  });

  it("a constant value with a bare LF", () => {
    expect(compileInbound(setHeader('name="X-A"', "<value>a&#10;b</value>")).errors).toEqual([
      "a <value> of <set-header> contains a line break (CR or LF), which would let it add headers of its own",
    ]);
  });

  it("a constant value HTTP cannot carry", () => {
    expect(compileInbound(setHeader('name="X-A"', "<value>日本</value>")).errors).toEqual(["a <value> of <set-header> contains '日' (U+65E5), which an HTTP header cannot carry"]);
  });

  it("another child element", () => {
    expect(compileInbound(setHeader('name="X-A"', "<values>v</values>")).errors).toEqual(["<set-header> contains <value> elements, not <values>"]);
  });

  it("warns that delete ignores values", () => {
    expect(compileInbound(setHeader('name="X-A" exists-action="delete"')).warnings).toEqual(['<set-header> with exists-action="delete" ignores its <value> elements']);
  });
});

describe("set-header changes the backend request's headers", () => {
  const run = (policy: string, headers: Record<string, string | string[]> = {}, variables: Record<string, unknown> = {}) => {
    const ctx = policyContext({ headers, variables });
    return { decision: runInbound(policy, ctx), headers: ctx.request.headers };
  };

  it("override (the default) replaces every value, whatever the name's case", () => {
    const { decision, headers } = run(setHeader('name="X-TENANT"', "<value>contoso</value>"), { "x-tenant": ["a", "b"] });
    expect(decision).toEqual({ ok: true });
    expect(headers.getAll("x-tenant")).toEqual(["contoso"]);
  });

  it("sets one header line per <value>", () => {
    const { headers } = run(setHeader('name="X-A"', "<value>1</value><value>2</value>"));
    expect(headers.getAll("X-A")).toEqual(["1", "2"]);
  });

  it("skip leaves an existing header alone and sets a missing one", () => {
    expect(run(setHeader('name="X-A" exists-action="skip"', "<value>new</value>"), { "x-a": "old" }).headers.getAll("X-A")).toEqual(["old"]);
    expect(run(setHeader('name="X-A" exists-action="skip"', "<value>new</value>")).headers.getAll("X-A")).toEqual(["new"]);
  });

  it("append adds to an existing header", () => {
    expect(run(setHeader('name="X-A" exists-action="append"', "<value>2</value>"), { "X-A": "1" }).headers.getAll("x-a")).toEqual(["1", "2"]);
  });

  it("delete removes the header in any case", () => {
    const { headers } = run('<set-header name="authorization" exists-action="delete" />', { Authorization: "Bearer x" });
    expect(headers.has("Authorization")).toBe(false);
  });

  it("evaluates value expressions per handshake", () => {
    const { headers } = run(setHeader('name="X-Caller"', '<value>@("ip=" + context.Request.IpAddress)</value>'));
    expect(headers.getAll("X-Caller")).toEqual(["ip=203.0.113.7"]);
  });

  it("evaluates a name expression per handshake", () => {
    const { headers } = run(setHeader('name="@(context.Variables.GetValueOrDefault<string>("h"))"', "<value>1</value>"), {}, { h: "X-From-Variable" });
    expect(headers.getAll("X-From-Variable")).toEqual(["1"]);
  });
});

describe("set-header refuses the handshake when an expression would inject or break headers", () => {
  const failure = (message: string) => ({
    ok: false,
    status: 500,
    reason: "ExpressionValueEvaluationFailure",
    message,
    source: "set-header",
    headers: { "Content-Type": "application/json; charset=utf-8" },
    body: '{"statusCode":500,"message":"Internal server error"}',
  });
  const fromVariable = setHeader('name="X-User"', '<value>@(context.Variables.GetValueOrDefault<string>("user"))</value>');

  it("a value with CRLF from an expression: 500, and the header is not set", () => {
    const ctx = policyContext({ variables: { user: "alice\r\nX-Admin: true" } });
    expect(runInbound(fromVariable, ctx)).toEqual(
      failure("set-header 'X-User': an expression gave a value with a line break (CR or LF), which would let it add headers of its own; the handshake was refused"),
    );
    expect(ctx.request.headers.has("X-User")).toBe(false);
    expect(ctx.request.headers.has("X-Admin")).toBe(false);
  });

  it("a value with a bare LF or a NUL from an expression", () => {
    expect(runInbound(fromVariable, policyContext({ variables: { user: "a\nb" } }))).toMatchObject({ status: 500, reason: "ExpressionValueEvaluationFailure" });
    expect(runInbound(fromVariable, policyContext({ variables: { user: "a\0b" } }))).toEqual(
      failure("set-header 'X-User': an expression gave a value with a NUL character; the handshake was refused"),
    );
  });

  it("a client-controlled header copied with CRLF in it", () => {
    const copy = setHeader('name="X-Copy"', '<value>@(context.Request.Headers.GetValueOrDefault("X-In", ""))</value>');
    expect(runInbound(copy, policyContext({ headers: { "X-In": "a\r\nHost: evil" } }))).toMatchObject({ status: 500 });
  });

  it("a handshake header's name from an expression", () => {
    const policy = setHeader('name="@(context.Variables.GetValueOrDefault<string>("h"))"', "<value>1</value>");
    expect(runInbound(policy, policyContext({ variables: { h: "Sec-WebSocket-Key" } }))).toEqual(
      failure(`set-header: a name from an expression was refused: set-header cannot change 'Sec-WebSocket-Key' on onHandshake: ${MANAGED}`),
    );
    expect(runInbound(policy, policyContext({ variables: { h: "X-A\r\nX-B" } }))).toMatchObject({ status: 500 });
  });

  it("an exists-action expression that is not one of the four", () => {
    const policy = setHeader('name="X-A" exists-action="@(context.Variables.GetValueOrDefault<string>("a"))"');
    expect(runInbound(policy, policyContext({ variables: { a: "skip" } }))).toEqual({ ok: true });
    expect(runInbound(policy, policyContext({ variables: { a: "replace" } }))).toEqual(
      failure("set-header: the exists-action expression must give override, skip, append or delete"),
    );
  });
});
