import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseGatewayEnv } from "@/gateway/config/env";

const readme = readFileSync(resolve(import.meta.dirname, "../../../README.md"), "utf8");
const configuration = /## Configuration\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";

/** The table's rows: `| \`A\`, \`B\` | \`1\`, \`2\` | meaning |` → [A, 1], [B, 2]; a row without defaults gives none. */
function documentedDefaults(): [name: string, value: string][] {
  const rows = configuration.split("\n").filter((line) => line.startsWith("| `"));
  return rows.flatMap((row) => {
    const [names, defaults] = row.split(" | ").map((cell) => [...cell.matchAll(/`([^`]*)`/g)].map((m) => m[1]!));
    return names!.length === defaults!.length ? names!.map((name, i): [string, string] => [name, defaults![i]!]) : [];
  });
}

describe("the README's Configuration table", () => {
  it("lists each variable once", () => {
    const names = configuration.split("\n").filter((line) => line.startsWith("| `")).flatMap((row) => [...row.split(" | ")[0]!.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!));
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it("gives the gateway's defaults as the gateway parses an empty environment", () => {
    const parsed = parseGatewayEnv({}) as unknown as Record<string, unknown>;
    // GATEWAY_WORKERS is documented as `auto`, which the parser turns into the core count.
    const checked = documentedDefaults().filter(([name]) => name in parsed && name !== "GATEWAY_WORKERS");
    expect(checked.length).toBeGreaterThanOrEqual(20);
    for (const [name, value] of checked) expect(String(parsed[name]), name).toBe(value);
  });

  it("documents every variable the gateway reads", () => {
    const parsed = Object.keys(parseGatewayEnv({})).filter((key) => /^[A-Z][A-Z0-9_]+$/.test(key));
    for (const name of parsed) expect(configuration, name).toContain(`\`${name}\``);
  });
});
