import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../../../gateway/policies");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The relative imports of `file` (type-only ones too: they tie the modules together just the same), as files. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return importedFiles
    .map((ref) => ref.fileName)
    .filter((name) => name.startsWith("."))
    .map((name) => path.resolve(path.dirname(file), name))
    .map((base) => [`${base}.ts`, path.join(base, "index.ts")].find((candidate) => existsSync(candidate)))
    .filter((resolved): resolved is string => resolved !== undefined && resolved.startsWith(ROOT));
}

/** Every cycle in `graph` (module → the modules it imports), each as the modules around it. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") found.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe("gateway/policies imports", () => {
  it("form no cycle (the registry imports every policy, so a policy must not import back into the registry's users)", () => {
    const graph = new Map(sourceFiles(ROOT).map((file) => [path.relative(ROOT, file), importsOf(file).map((f) => path.relative(ROOT, f))]));
    expect(graph.get("registry.ts")).toContain("choose.ts");
    expect(cycles(graph)).toEqual([]);
  });

  it("would report the cycle choose → pipeline → compile-policy-document → registry → choose", () => {
    const graph = new Map([
      ["choose.ts", ["pipeline.ts", "policy.ts"]],
      ["pipeline.ts", ["compile-policy-document.ts", "policy.ts"]],
      ["compile-policy-document.ts", ["registry.ts", "policy.ts"]],
      ["registry.ts", ["choose.ts", "policy.ts"]],
      ["policy.ts", []],
    ]);
    expect(cycles(graph)).toEqual([["choose.ts", "pipeline.ts", "compile-policy-document.ts", "registry.ts"]]);
  });
});
