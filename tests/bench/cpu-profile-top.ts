/**
 * `tsx tests/bench/cpu-profile-top.ts FILE.cpuprofile [N]`: the N functions with the most
 * self time in a V8 CPU profile (from `npm run bench -- --cpu-prof DIR`), plus the share of
 * the busy time each takes, and the busy time spent under each of a few gateway functions.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: tsx tests/bench/cpu-profile-top.ts FILE.cpuprofile [N]\n");
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

const label = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url ? `${url.replace(/^.*\/(node_modules|gateway|node:internal)\//, "$1/").replace(/^file:\/\//, "")}:${lineNumber + 1}` : "";
  return `${functionName || "(anonymous)"} ${where}`.trim();
};

let total = 0;
let idle = 0;
const bySelf = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  total += us;
  if (n.callFrame.functionName === "(idle)") idle += us;
  const key = label(n);
  bySelf.set(key, (bySelf.get(key) ?? 0) + us);
}
const busy = total - idle;
const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;

process.stdout.write(`profile ${(total / 1e6).toFixed(2)} s, busy ${(busy / 1e6).toFixed(2)} s (idle excluded from the shares)\n\nself time:\n`);
for (const [key, us] of [...bySelf].filter(([k]) => !k.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, top)) {
  process.stdout.write(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}\n`);
}

// Inclusive time under frames whose function name matches, counted once per sample.
const watch = ["onClientData", "onBackendData", "scan", "Socket.write", "write", "writeGeneric", "onStreamRead", "(garbage collector)", "(program)"];
const inclusive = new Map<string, number>(watch.map((w) => [w, 0]));
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const name = byId.get(cur)!.callFrame.functionName;
    if (inclusive.has(name) && !seen.has(name)) {
      seen.add(name);
      inclusive.set(name, inclusive.get(name)! + us);
    }
  }
}
process.stdout.write("\ninclusive time under:\n");
for (const [name, us] of inclusive) process.stdout.write(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}\n`);
