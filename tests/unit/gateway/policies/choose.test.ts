import { describe, expect, it } from "vitest";
import { choose } from "@/gateway/policies/choose";
import type { Decision, Step } from "@/gateway/policies/policy";
import { compileInbound, runInbound } from "./compile-inbound-fixture";
import { policyContext } from "./policy-context-fixture";

const header = (name: string, value: string) => `<set-header name="${name}"><value>${value}</value></set-header>`;
const byMode = (mode: string) => `@(context.Request.Url.Query.GetValueOrDefault("mode", "") == "${mode}")`;

describe("choose refuses, when saved", () => {
  it.each([
    ["no <when>", "<choose />", '<choose> needs at least one <when condition="…">'],
    ["only <otherwise>", `<choose><otherwise>${header("X-A", "1")}</otherwise></choose>`, '<choose> needs at least one <when condition="…">'],
    ["a <when> without condition", `<choose><when>${header("X-A", "1")}</when></choose>`, "<when> needs the attribute 'condition'"],
    ["a condition that is not a boolean", '<choose><when condition="maybe" /></choose>', "'condition' of <when> must be true or false, not 'maybe'"],
    ["two <otherwise>", '<choose><when condition="true" /><otherwise /><otherwise /></choose>', "<choose> has more than one <otherwise>"],
    ["a <when> after <otherwise>", '<choose><when condition="true" /><otherwise /><when condition="false" /></choose>', "<when> cannot follow <otherwise>: <otherwise> is the last branch of <choose>"],
    ["another element", '<choose><if condition="true" /></choose>', "<choose> contains <when> and <otherwise> elements, not <if>"],
    ["attributes on <choose>", '<choose id="x"><when condition="true" /></choose>', "<choose> takes no attributes ('id')"],
    ["a nested policy's own error", `<choose><when condition="true">${header("Sec-WebSocket-Key", "x")}</when></choose>`, expect.stringMatching(/^set-header cannot change 'Sec-WebSocket-Key' on onHandshake/)],
    ["<base /> inside a branch", '<choose><when condition="true"><base /></when></choose>', "<base /> belongs directly in a section, not inside another policy"],
    ["an unsupported policy inside a branch at API scope", '<choose><when condition="true"><cors /></when></choose>', "<cors> is not supported on the onHandshake operation of a WebSocket API"],
    ["an expression outside the subset", '<choose><when condition="@(System.IO.File.Exists(&quot;x&quot;))" /></choose>', "'System' is not supported: expressions start from context"],
  ])("%s", (_name, policy, message) => {
    expect(compileInbound(policy).errors).toEqual([message]);
  });

  it("reports a nested policy's error at its position", () => {
    const { diagnostics, text } = compileInbound('<choose>\n  <when condition="true">\n    <set-header name="Host"><value>x</value></set-header>\n  </when>\n</choose>');
    expect(diagnostics[0]).toMatchObject({ line: 3, column: 17 });
    expect(text.slice(diagnostics[0]!.from, diagnostics[0]!.to)).toBe('name="Host"');
  });
});

describe("choose", () => {
  const policy = `<choose><when condition="${byMode("a")}">${header("X-Branch", "a")}</when><when condition="${byMode("b")}">${header("X-Branch", "b")}${header("X-B2", "b")}</when><otherwise>${header("X-Branch", "other")}</otherwise></choose>`;
  const branch = (mode?: string) => {
    const ctx = policyContext({ query: mode === undefined ? {} : { mode } });
    expect(runInbound(policy, ctx)).toEqual({ ok: true });
    return ctx.request.headers.getAll("X-Branch").concat(ctx.request.headers.getAll("X-B2"));
  };

  it("runs the first <when> whose condition is true (choosing on a query parameter)", () => {
    expect(branch("a")).toEqual(["a"]);
    expect(branch("b")).toEqual(["b", "b"]);
  });

  it("runs <otherwise> when no condition is true", () => {
    expect(branch("c")).toEqual(["other"]);
    expect(branch()).toEqual(["other"]);
  });

  it("runs only the first of several true conditions", () => {
    const ctx = policyContext();
    runInbound(`<choose><when condition="true">${header("X-A", "1")}</when><when condition="true">${header("X-B", "2")}</when></choose>`, ctx);
    expect(ctx.request.headers.has("X-A")).toBe(true);
    expect(ctx.request.headers.has("X-B")).toBe(false);
  });

  it("does nothing when no condition is true and there is no <otherwise>", () => {
    const ctx = policyContext();
    expect(runInbound(`<choose><when condition="false">${header("X-A", "1")}</when></choose>`, ctx)).toEqual({ ok: true });
    expect(ctx.request.headers.has("X-A")).toBe(false);
  });

  it("returns a branch's refusal, which ends the pipeline", () => {
    const ctx = policyContext({ query: { mode: "deny" } });
    const decision = runInbound(
      `<choose><when condition="${byMode("deny")}"><return-response><set-status code="403" reason="Forbidden" /><set-body>denied</set-body></return-response>${header("X-In-Branch", "1")}</when></choose>${header("X-After", "1")}`,
      ctx,
    );
    expect(decision).toMatchObject({ ok: false, status: 403, body: "denied" });
    expect(ctx.request.headers.has("X-In-Branch")).toBe(false);
    expect(ctx.request.headers.has("X-After")).toBe(false);
  });

  it("reads variables set before it (APIM's isMobile example)", () => {
    const ctx = policyContext({ headers: { "User-Agent": "iPad" } });
    runInbound(
      '<set-variable name="isMobile" value="@(context.Request.Headers.GetValueOrDefault("User-Agent","").Contains("iPad"))" />' +
        `<choose><when condition="@(context.Variables.GetValueOrDefault<bool>("isMobile"))">${header("X-Mobile", "1")}</when></choose>`,
      ctx,
    );
    expect(ctx.request.headers.get("X-Mobile")).toBe("1");
  });

  it("runs deeply nested choose (30 levels) to the innermost branch", () => {
    let nested = header("X-Depth", "30");
    for (let i = 0; i < 30; i++) nested = `<choose><when condition="true">${nested}</when><otherwise><return-response /></otherwise></choose>`;
    const ctx = policyContext();
    expect(runInbound(nested, ctx)).toEqual({ ok: true });
    expect(ctx.request.headers.get("X-Depth")).toBe("30");
  });

  it("refuses, when saved, nesting deeper than the XML parser allows", () => {
    let nested = "";
    for (let i = 0; i < 40; i++) nested = `<choose><when condition="true">${nested}</when></choose>`;
    expect(compileInbound(nested).errors).toEqual(["elements are nested more than 64 deep"]);
  });
});

describe("choose with a step that waits", () => {
  const step = (name: string, decision: Decision | Promise<Decision>, ran: string[]): Step => ({
    name,
    scope: "api",
    run: () => {
      ran.push(name);
      return decision;
    },
  });

  it("stays synchronous while its steps are, and continues after one that waits", async () => {
    const ran: string[] = [];
    const config = { branches: [{ condition: () => true, steps: [step("a", { ok: true }, ran), step("b", Promise.resolve({ ok: true }), ran), step("c", { ok: true }, ran)] }], otherwise: null };
    const decision = choose.apply(config, policyContext());
    expect(decision).toBeInstanceOf(Promise);
    expect(await decision).toEqual({ ok: true });
    expect(ran).toEqual(["a", "b", "c"]);
  });

  it("stops at a refusal that arrives later", async () => {
    const ran: string[] = [];
    const refusal: Decision = { ok: false, status: 401, reason: "R", message: "no", source: "x" };
    const config = { branches: [{ condition: () => false, steps: [] }], otherwise: [step("a", Promise.resolve(refusal), ran), step("b", { ok: true }, ran)] };
    expect(await choose.apply(config, policyContext())).toEqual(refusal);
    expect(ran).toEqual(["a"]);
  });

  it("returns synchronously when nothing waits", () => {
    const ran: string[] = [];
    expect(choose.apply({ branches: [{ condition: () => true, steps: [step("a", { ok: true }, ran)] }], otherwise: null }, policyContext())).toEqual({ ok: true });
  });
});
