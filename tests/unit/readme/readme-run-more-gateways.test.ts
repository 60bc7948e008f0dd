import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { validatePolicyDocument } from "@/gateway/policies/validate-policy-document";

const readme = readFileSync(resolve(import.meta.dirname, "../../../README.md"), "utf8");
const walkThrough = /### Two gateways, one limit: a walk-through\n([\s\S]*?)\n### /.exec(readme)?.[1] ?? "";
const shellBlocks = [...walkThrough.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
const configuration = /## Configuration\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";

describe("the README's Run more gateways walk-through", () => {
  it("sends request bodies that are JSON, and a policy the API scope accepts without a single problem", () => {
    const bodies = shellBlocks.flatMap((block) => [...block.matchAll(/-d '(\{[^']*)'/g)].map((m) => JSON.parse(m[1]!) as { properties: Record<string, unknown> }));
    expect(bodies).toHaveLength(2);
    const policy = bodies.find((body) => body.properties.format === "rawxml");
    expect(policy).toBeDefined();
    expect(validatePolicyDocument(String(policy!.properties.value), "api")).toEqual([]);
  });

  it("sets only environment variables the Configuration table documents", () => {
    const names = new Set(shellBlocks.flatMap((block) => [...block.matchAll(/(?:^|\s)([A-Z][A-Z0-9_]+)=/g)].map((m) => m[1]!)));
    names.delete("TOKEN"); // the shell's own variable holding the token
    expect([...names].sort()).toEqual(["GATEWAY_ADMIN_PORT", "GATEWAY_PORT", "PORTCULLIS_CONFIG_URL", "PORTCULLIS_GATEWAY_TOKEN", "REDIS_URL"]);
    for (const name of names) expect(configuration, name).toContain(`\`${name}\``);
  });

  it("starts the second gateway on the port the handshakes alternate with", () => {
    expect(shellBlocks.join("\n")).toContain("GATEWAY_PORT=8081");
    expect(shellBlocks.join("\n")).toContain("ws://localhost:${8080 + (i % 2)}/echo");
  });
});
