import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { validatePolicyDocument } from "@/gateway/policies/validate-policy-document";

const readme = readFileSync(resolve(import.meta.dirname, "../../../README.md"), "utf8");

describe("the README's policy example", () => {
  it("is a document the API scope accepts without a single problem", () => {
    const xml = /## Secure the handshake with policies[\s\S]*?```xml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(xml).toBeDefined();
    expect(validatePolicyDocument(xml!, "api")).toEqual([]);
  });
});
