/** The bench's command-line options (documented in run.ts's header and README.md). */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { MESSAGE_TARGETS, MESSAGE_WORKLOADS, type MessageTarget, type MessageWorkload } from "./per-message";
import { TARGETS, type TargetName } from "./report";

export interface Options {
  runs: number;
  durationMs: number;
  warmupMs: number;
  latencyMs: number;
  conns: number;
  inflight: number;
  idle: number;
  sizes: number[];
  targets: TargetName[];
  json: string | null;
  cpuProf: string | null;
  /** Extra Node options for the gateway only (e.g. "--max-semi-space-size=32"). */
  gatewayNodeOptions: string;
  /** V8 flags set at start in the gateway only (e.g. "--trace-gc"), through the preload. */
  gatewayV8Flags: string;
  /** File the gateway's stdout/stderr lines are appended to. */
  gatewayLog: string | null;
  /** Extra environment for the gateway only (e.g. GLIBC_TUNABLES=...). */
  gatewayEnv: Record<string, string>;
  /** Measure the gateway's policies against itself (message limits, handshake pipeline). */
  policies: boolean;
  /** Measure messages/s with logging and metrics on vs off (a second gateway with GATEWAY_TELEMETRY=off). */
  telemetry: boolean;
  /** Measure handshakes/s through rate-limit-by-key with counters in Redis vs in memory. */
  redis: boolean;
  handshakeConcurrency: number;
  /** 0: no workers comparison; N: gateway GATEWAY_WORKERS=1 and N against nginx worker_processes 1 and N. */
  workers: number;
  /** Time to live of configuration changes under a paced message load (skipped with --skip-churn). */
  churn: { conns: number; rate: number; apis: number } | null;
  /** The per-message headline (null: --skip-messages). */
  messages: { workloads: MessageWorkload[]; sizes: number[]; targets: MessageTarget[]; stormConcurrency: number } | null;
  /** The batched workload and everything measured with it (false: --skip-batched). */
  batched: boolean;
}

export function parseOptions(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      quick: { type: "boolean", default: false },
      runs: { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      latency: { type: "string" },
      conns: { type: "string" },
      inflight: { type: "string" },
      idle: { type: "string" },
      sizes: { type: "string" },
      targets: { type: "string" },
      json: { type: "string" },
      "cpu-prof": { type: "string" },
      "gateway-node-options": { type: "string" },
      "gateway-v8-flags": { type: "string" },
      "gateway-log": { type: "string" },
      "gateway-env": { type: "string", multiple: true },
      "skip-policies": { type: "boolean", default: false },
      "skip-telemetry": { type: "boolean", default: false },
      "skip-redis": { type: "boolean", default: false },
      "handshake-concurrency": { type: "string" },
      workers: { type: "string" },
      "skip-churn": { type: "boolean", default: false },
      "churn-conns": { type: "string" },
      "churn-rate": { type: "string" },
      "churn-apis": { type: "string" },
      workloads: { type: "string" },
      "message-sizes": { type: "string" },
      "message-targets": { type: "string" },
      "storm-concurrency": { type: "string" },
      "skip-messages": { type: "boolean", default: false },
      "skip-batched": { type: "boolean", default: false },
    },
  });
  const quick = values.quick!;
  const num = (name: string, raw: string | undefined, fallback: number, min: number) => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number >= ${min}`);
    return value;
  };
  const targets = (values.targets ?? TARGETS.join(",")).split(",").map((t) => t.trim()) as TargetName[];
  for (const t of targets) if (!TARGETS.includes(t)) throw new Error(`--targets: unknown target ${t}`);
  const messageTargets = (values["message-targets"] ?? MESSAGE_TARGETS.join(",")).split(",").map((t) => t.trim()) as MessageTarget[];
  for (const t of messageTargets) if (!MESSAGE_TARGETS.includes(t)) throw new Error(`--message-targets: unknown target ${t} (known: ${MESSAGE_TARGETS.join(", ")})`);
  const workloadIds = (values.workloads ?? MESSAGE_WORKLOADS.map((w) => w.id).join(",")).split(",").map((w) => w.trim());
  for (const id of workloadIds) if (!MESSAGE_WORKLOADS.some((w) => w.id === id)) throw new Error(`--workloads: unknown workload ${id} (known: ${MESSAGE_WORKLOADS.map((w) => w.id).join(", ")})`);
  if (values["skip-messages"] && values["skip-batched"]) throw new Error("--skip-messages and --skip-batched together leave nothing to measure");
  return {
    runs: Math.round(num("runs", values.runs, quick ? 1 : 5, 1)),
    durationMs: num("duration", values.duration, quick ? 1.5 : 3, 0.1) * 1000,
    warmupMs: num("warmup", values.warmup, quick ? 0.5 : 1, 0) * 1000,
    latencyMs: num("latency", values.latency, quick ? 1 : 2, 0) * 1000,
    conns: Math.round(num("conns", values.conns, 50, 1)),
    inflight: Math.round(num("inflight", values.inflight, 10, 1)),
    idle: Math.round(num("idle", values.idle, quick ? 1000 : 10_000, 0)),
    sizes: (values.sizes ?? "64,4096").split(",").map((s) => num("sizes", s, 0, 1)),
    targets: TARGETS.filter((t) => targets.includes(t)),
    json: values.json ?? null,
    cpuProf: values["cpu-prof"] ? resolve(values["cpu-prof"]) : null,
    gatewayNodeOptions: values["gateway-node-options"] ?? "",
    gatewayV8Flags: values["gateway-v8-flags"] ?? "",
    gatewayLog: values["gateway-log"] ? resolve(values["gateway-log"]) : null,
    gatewayEnv: Object.fromEntries(
      (values["gateway-env"] ?? []).map((kv) => {
        const eq = kv.indexOf("=");
        if (eq <= 0) throw new Error(`--gateway-env wants KEY=VALUE, got ${kv}`);
        return [kv.slice(0, eq), kv.slice(eq + 1)];
      }),
    ),
    policies: !values["skip-policies"],
    telemetry: !values["skip-telemetry"],
    redis: !values["skip-policies"] && !values["skip-redis"],
    handshakeConcurrency: Math.round(num("handshake-concurrency", values["handshake-concurrency"], 16, 1)),
    // Absent: no workers comparison; given, at least 1.
    workers: values.workers === undefined ? 0 : Math.round(num("workers", values.workers, 1, 1)),
    churn: values["skip-churn"]
      ? null
      : {
          conns: Math.round(num("churn-conns", values["churn-conns"], quick ? 500 : 2000, 1)),
          rate: num("churn-rate", values["churn-rate"], 10, 0.1),
          apis: Math.round(num("churn-apis", values["churn-apis"], quick ? 20 : 50, 1)),
        },
    messages: values["skip-messages"]
      ? null
      : {
          workloads: MESSAGE_WORKLOADS.filter((w) => workloadIds.includes(w.id)),
          sizes: (values["message-sizes"] ?? "64,4096,65536").split(",").map((s) => num("message-sizes", s, 0, 8)),
          targets: MESSAGE_TARGETS.filter((t) => messageTargets.includes(t)),
          stormConcurrency: Math.round(num("storm-concurrency", values["storm-concurrency"], 50, 1)),
        },
    batched: !values["skip-batched"],
  };
}
