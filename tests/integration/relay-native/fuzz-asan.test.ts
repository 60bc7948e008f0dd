import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The native relay under AddressSanitizer and UBSan: gateway/relay-native/fuzz/fuzz.cc feeds
 * random frame streams cut at random points through the scanner and, over real socketpairs,
 * through the relay thread, for a bounded time (FUZZ_SECONDS, default 10).
 */

const dir = resolve(import.meta.dirname, "../../../gateway/relay-native");
/** The engine's sources: the addon's, as binding.gyp lists them, less the N-API binding. */
const engineSources = (JSON.parse(readFileSync(join(dir, "binding.gyp"), "utf8")) as { targets: [{ sources: string[] }] }).targets[0].sources
  .filter((s) => s !== "src/addon.cc")
  .map((s) => join(dir, s));
const headers = readdirSync(join(dir, "src")).filter((f) => f.endsWith(".h")).map((f) => join(dir, "src", f));
const sources = [join(dir, "fuzz/fuzz.cc"), ...engineSources, ...headers];
const binary = join(dir, "build/fuzz-asan");
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 10);
const FLAGS = ["-std=c++17", "-O1", "-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer", "-pthread"];

/** Why the harness cannot be built here (no compiler, or one without ASan), or null. */
function missingSanitizer(): string | null {
  const probeDir = mkdtempSync(join(tmpdir(), "asan-probe-"));
  try {
    writeFileSync(join(probeDir, "p.cc"), "int main() { return 0; }\n");
    const r = spawnSync("g++", [...FLAGS, join(probeDir, "p.cc"), "-o", join(probeDir, "p")], { encoding: "utf8" });
    if (r.error) return `g++ not found (${r.error.message})`;
    if (r.status !== 0) return `g++ cannot build with -fsanitize=address,undefined: ${r.stderr.trim().split("\n")[0]}`;
    return null;
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
  }
}

function stale(): boolean {
  try {
    const built = statSync(binary).mtimeMs;
    return sources.some((s) => statSync(s).mtimeMs > built);
  } catch {
    return true;
  }
}

const why = missingSanitizer();
if (why !== null) console.warn(`skipping the AddressSanitizer fuzz run: ${why}`);

describe.skipIf(why !== null)("the native relay under AddressSanitizer", () => {
  it(`survives ${SECONDS} s of random frame streams at random split points, through the scanner and the relay thread`, { timeout: 600_000 }, () => {
    if (stale()) {
      mkdirSync(join(dir, "build"), { recursive: true });
      execFileSync("g++", [...FLAGS, join(dir, "fuzz/fuzz.cc"), ...engineSources, "-o", binary], { stdio: "inherit" });
    }
    const run = spawnSync(binary, [String(SECONDS)], { encoding: "utf8", env: { ...process.env, ASAN_OPTIONS: "detect_leaks=1:abort_on_error=0" }, timeout: (SECONDS + 120) * 1000 });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
    const ok = /^ok (\d+) (\d+)$/m.exec(run.stdout);
    expect(ok, output).not.toBeNull();
    // Both parts ran: thousands of split scans, and connections through the relay thread.
    expect(Number(ok![1])).toBeGreaterThan(100);
    expect(Number(ok![2])).toBeGreaterThan(5);
  });
});
