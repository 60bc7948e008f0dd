import { describe, expect, it } from "vitest";
import { effectivePolicy } from "@/gateway/policies/effective-policy";

describe("effectivePolicy", () => {
  const global = '<policies><inbound><ip-filter action="forbid"><address>10.0.0.1</address></ip-filter></inbound></policies>';
  const product = '<policies><inbound><base /><rate-limit calls="5" renewal-period="60" /></inbound></policies>';
  const api = '<policies><inbound><check-header name="x" /><base /></inbound><backend><base /></backend></policies>';

  it("marks each policy with the scope it comes from, in the order it runs", () => {
    const inbound = effectivePolicy({ global, product, api }).sections.find((s) => s.name === "inbound")!;
    expect(inbound.items).toEqual([
      { scope: "api", xml: '<check-header name="x" />' },
      { scope: "global", xml: '<ip-filter action="forbid"><address>10.0.0.1</address></ip-filter>' },
      { scope: "product", xml: '<rate-limit calls="5" renewal-period="60" />' },
    ]);
  });

  it("inherits whole where a scope has no document", () => {
    const inbound = effectivePolicy({ global, product: null, api: null }).sections.find((s) => s.name === "inbound")!;
    expect(inbound.items.map((i) => i.scope)).toEqual(["global"]);
  });

  it("reports a document that is not well-formed and leaves it out", () => {
    const result = effectivePolicy({ global, product: "<policies><inbound>", api: null });
    expect(result.diagnostics).toEqual([expect.objectContaining({ scope: "product", severity: "error", message: "<inbound> is not closed: expected </inbound>" })]);
    expect(result.sections.find((s) => s.name === "inbound")!.items.map((i) => i.scope)).toEqual(["global"]);
  });
});
