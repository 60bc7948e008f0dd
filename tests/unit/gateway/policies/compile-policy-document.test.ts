import { describe, expect, it } from "vitest";
import { compilePolicyDocument } from "@/gateway/policies/compile-policy-document";
import { BASE } from "@/gateway/policies/policy";
import type { PolicyDiagnostic } from "@/gateway/policies/policy";

function problems(text: string, scope: "global" | "product" | "api" = "api"): Pick<PolicyDiagnostic, "line" | "column" | "severity" | "message">[] {
  return compilePolicyDocument(text, scope).diagnostics.map(({ line, column, severity, message }) => ({ line, column, severity, message }));
}

describe("compilePolicyDocument reads the document's structure", () => {
  it("compiles APIM's default skeleton with <base /> in each section", () => {
    const { document, diagnostics } = compilePolicyDocument(
      "<policies><inbound><base /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>",
      "api",
    );
    expect(diagnostics).toEqual([]);
    expect(document).toEqual({ inbound: [BASE], backend: [BASE], outbound: [BASE], "on-error": [BASE] });
  });

  it("leaves absent sections null (they inherit whole)", () => {
    expect(compilePolicyDocument("<policies><inbound /></policies>", "product").document).toEqual({ inbound: [], backend: null, outbound: null, "on-error": null });
  });

  it("accepts forward-request in <backend>, as APIM's global default has it", () => {
    expect(problems("<policies><backend><forward-request /></backend></policies>", "global")).toEqual([]);
  });

  it("reports XML that is not well-formed with its position", () => {
    expect(problems("<policies>\n  <inbound>\n</policies>")).toEqual([
      { line: 3, column: 1, severity: "error", message: "expected </inbound>, found </policies>" },
    ]);
  });

  it.each([
    ["an element that is not a section", "<policies><inbund /></policies>", 1, 12, "<inbund> is not a section: <policies> contains <inbound>, <backend>, <outbound> and <on-error>"],
    ["a section twice", "<policies><inbound /><inbound /></policies>", 1, 23, "the <inbound> section appears twice"],
    ["an attribute on a section", '<policies><inbound x="1" /></policies>', 1, 20, "<inbound> takes no attributes ('x')"],
    ["text in a section", "<policies><inbound>hello</inbound></policies>", 1, 20, "<inbound> contains elements, not text"],
    ["<base /> twice", "<policies><inbound><base /><base /></inbound></policies>", 1, 29, "<base /> appears twice in <inbound>"],
    ["<base /> with content", '<policies><inbound><base x="1" /></inbound></policies>', 1, 21, "<base /> takes no attributes or content"],
    ["an unknown policy", "<policies><inbound><frobnicate /></inbound></policies>", 1, 21, "unknown policy <frobnicate>"],
    ["a misspelt policy", "<policies><inbound><cors-x /></inbound></policies>", 1, 21, "unknown policy <cors-x> (did you mean <cors>?)"],
    ["an APIM policy Portcullis lacks", "<policies><inbound><send-request /></inbound></policies>", 1, 21, "<send-request> is an API Management policy that Portcullis does not support"],
  ])("refuses %s", (_name, xml, line, column, message) => {
    expect(problems(xml)).toEqual([{ line, column, severity: "error", message }]);
  });

  it("refuses <base /> at the global scope, where there is nothing to inherit", () => {
    expect(problems("<policies><inbound><base /></inbound></policies>", "global")).toEqual([
      { line: 1, column: 21, severity: "error", message: "<base /> has nothing to inherit at the global scope (All APIs)" },
    ]);
  });

  it("reports every problem, not only the first, and then compiles to null", () => {
    const result = compilePolicyDocument("<policies>\n<inbound><a /></inbound>\n<outbund />\n</policies>", "api");
    expect(result.document).toBeNull();
    expect(result.diagnostics.map((d) => [d.line, d.column])).toEqual([
      [2, 11],
      [3, 2],
    ]);
  });
});

describe("policies that onHandshake does not support", () => {
  const CORS = "<policies><inbound><base /><cors /></inbound></policies>";

  it("are refused when saved at API scope", () => {
    expect(problems(CORS, "api")).toEqual([
      { line: 1, column: 29, severity: "error", message: "<cors> is not supported on the onHandshake operation of a WebSocket API" },
    ]);
  });

  it("are accepted with a warning at product scope and compile to a step that skips itself", () => {
    const { document, diagnostics } = compilePolicyDocument(CORS, "product");
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", message: "<cors> is not supported on onHandshake: WebSocket APIs that inherit it skip it" }),
    ]);
    const step = document!.inbound![1];
    if (step === BASE || step === undefined) throw new Error("expected a step");
    const skipped: string[] = [];
    const decision = step.run({ api: { id: "echo" }, services: { skipped: (api: string, policy: string) => skipped.push(`${api}/${policy}`) } } as never);
    expect(decision).toEqual({ ok: true });
    expect(skipped).toEqual(["echo/cors"]);
  });
});

describe("diagnostic offsets", () => {
  it("cover the element name, so the editor underlines it", () => {
    const text = "<policies><inbound><frobnicate /></inbound></policies>";
    const [d] = compilePolicyDocument(text, "api").diagnostics;
    expect(text.slice(d!.from, d!.to)).toBe("frobnicate");
  });
});
