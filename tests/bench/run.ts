/**
 * `npm run bench`: the gateway against nginx and against no proxy at all, in one run.
 *
 * The headline is per message (per-message.ts): echo with every message its own write (50 x 10
 * in flight and 1,000 x 1), a server-push fan-out to 1,000 connections, at 64 B, 4 KiB and 64 KiB,
 * through DIRECT, nginx (one worker), NODE-PIPE (a bare `net` relay: the floor of a stream-based
 * JS relay) and the gateway (GATEWAY_WORKERS=1), plus a reconnect storm (handshakes/s, 50 in
 * flight). Options: --workloads echo-50x10,echo-1000x1,fan-out-1000 --message-sizes 64,4096,65536
 * --message-targets direct,nginx,node-pipe,gateway --storm-concurrency 50 --skip-messages
 * --skip-batched (only the per-message tables).
 *
 * The secondary, batched workload (ten frames per write) and everything below follow.
 * Processes: this orchestrator (idle while measuring), a raw echo backend and a raw load
 * client (each forked, so neither shares a core's time with the other), and per repetition
 * a fresh nginx (one worker) and a fresh gateway (`startGateway`, temp database, one API).
 * Repetitions are interleaved (direct, nginx, gateway, direct, ...) and medians reported.
 * The gateway's repetition also measures its policies against itself, in the same process:
 * messages/s through an API with message limits (limit-message-size, rate-limit-messages with a
 * huge limit, idle-timeout: nothing is closed) against the plain API, and handshakes/s through
 * the full pipeline (subscription key, validate-jwt HS256, rate-limit-by-key with a huge limit)
 * against the API without policies. Each is checked to be in effect first (a 1009 close, a 401
 * without a token); when it is not, the table says so instead of showing a meaningless figure.
 * Options: --runs N --duration S --warmup S --latency S --conns N --inflight N --idle N
 * --sizes 64,4096 --targets direct,nginx,gateway --json FILE --cpu-prof DIR --quick,
 * --skip-policies (no policy measurements), --skip-telemetry (no logging/metrics on vs off),
 * --skip-redis (no rate-limit-by-key on Redis vs in memory; otherwise a redis-server is started),
 * --skip-churn (no churn under load), --churn-conns N (default 2000, quick 500) --churn-rate N
 * (messages/s per connection, 10) --churn-apis N (new APIs timed one by one, default 50, quick 20),
 * --handshake-concurrency N (default 16), --workers N (also compare 1 and N gateway workers,
 * GATEWAY_WORKERS, with nginx at worker_processes 1 and N: msgs/s and handshakes/s),
 * --gateway-node-options=... (NODE_OPTIONS-allowed flags for the gateway), --gateway-v8-flags=...
 * (any V8 flag, set at start), --gateway-env KEY=VALUE (repeatable), --gateway-log FILE (its output).
 */
import { fork, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { WebSocket } from "ws";
import { startGateway, type GatewayProcess } from "../helpers/gateway-process";
import { createTempDatabase, insertApi } from "../helpers/temp-db";
import type { ClientCommand, HandshakesResult, IdleOpenResult, LatencyResult, Target, ThroughputResult } from "./load-client";
import { setUpPolicyApis, verifyPolicyApis, type PolicyApis } from "./policy-apis";
import { RATE_LIMIT_PATH, setUpRateLimitApi, startBenchRedis, verifySharedCounters } from "./shared-counters";
import { formatChurn, measureChurn, type ChurnResult } from "./churn";
import { startNginx, type NginxProcess } from "./nginx";
import type { FanOutCommand, MessageEchoCommand, MessageWindowResult } from "./load-client";
import {
  formatMessageTables,
  MESSAGE_TARGETS,
  MESSAGE_WORKLOADS,
  workloadLabel,
  type MessageSample,
  type MessageTarget,
  type MessageWorkload,
  type StormSample,
} from "./per-message";
import { childPids, raiseOpenFilesLimit, rssBytesOf } from "./proc-stats";
import {
  checkTargets,
  formatChecks,
  formatPolicyTable,
  formatSharedCounters,
  formatTable,
  formatUtilisation,
  sizeLabel,
  summarize,
  TARGETS,
  type HandshakeSample,
  type IdleSample,
  type RunSample,
  type Summary,
  type TargetName,
  type ThroughputSample,
} from "./report";

const root = resolve(import.meta.dirname, "../..");

interface Options {
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

function parseOptions(): Options {
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

// ---- processes ---------------------------------------------------------------------------

/** Everything started, newest first, so that every exit path stops it all. */
const stoppers: { name: string; stop: () => Promise<void>; kill: () => void }[] = [];

function track(name: string, stop: () => Promise<void>, kill: () => void): () => Promise<void> {
  const entry = { name, stop, kill };
  stoppers.unshift(entry);
  return async () => {
    const i = stoppers.indexOf(entry);
    if (i >= 0) stoppers.splice(i, 1);
    await stop();
  };
}

async function stopAll(): Promise<void> {
  while (stoppers.length > 0) {
    const entry = stoppers.shift()!;
    await entry.stop().catch(() => entry.kill());
  }
}

function killAllNow(): void {
  for (const entry of stoppers.splice(0)) entry.kill();
}

/** A forked helper speaking `{ id, cmd }` → `{ id, result | error }` over IPC. */
class Helper {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly pid: number;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    this.pid = proc.pid!;
    proc.on("message", (m: { id?: number; result?: unknown; error?: string }) => {
      if (m.id === undefined) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(`${name}: ${m.error}`));
      else w?.resolve(m.result);
    });
    proc.once("exit", (code, signal) => {
      for (const w of this.waiting.values()) w.reject(new Error(`${name} exited (${code ?? signal})`));
      this.waiting.clear();
    });
  }

  request<T>(cmd: ClientCommand): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.proc.send({ id, cmd });
    });
  }
}

/** Forks a TypeScript helper and resolves with its first IPC message. */
async function forkHelper<T>(file: string, args: string[] = []): Promise<{ helper: Helper; first: T; stop: () => Promise<void> }> {
  const proc = fork(resolve(import.meta.dirname, file), args, {
    cwd: root,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const helper = new Helper(file, proc);
  const stop = track(
    file,
    async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await Promise.race([exited, sleep(2000)]);
      proc.kill("SIGKILL");
    },
    () => proc.kill("SIGKILL"),
  );
  const first = await new Promise<T>((resolveFirst, reject) => {
    proc.once("message", (m) => resolveFirst(m as T));
    proc.once("exit", (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
  });
  return { helper, first, stop };
}

/** A target being measured: where the client connects and which processes are the proxy. */
interface RunningTarget {
  name: MessageTarget;
  target: Target;
  /** Processes whose CPU is the proxy's (nginx: master + workers; the gateway: primary + workers). */
  cpuPids: number[];
  /** Processes whose RSS is the proxy's (nginx: master + worker). */
  rssPids: number[];
  /** A full garbage collection in the proxy, where it has a collector (the gateway). */
  collectGarbage: (() => Promise<void>) | null;
  stop: () => Promise<void>;
  /** The gateway's admin port (Prometheus /metrics). */
  adminPort?: number;
}

interface Bench {
  opts: Options;
  client: Helper;
  backend: Helper;
  backendPort: number;
  dbFile: string;
  workDir: string;
  filesLimit: number;
  policyApis: PolicyApis | null;
  /** The redis-server for the shared-counters comparison (null: not measured). */
  redisUrl: string | null;
}

async function startTarget(bench: Bench, name: MessageTarget, run: number, extraEnv: Record<string, string> = {}, workers = 1): Promise<RunningTarget> {
  if (name === "direct") {
    return { name, target: { port: bench.backendPort, path: "/" }, cpuPids: [], rssPids: [], collectGarbage: null, stop: async () => {} };
  }
  if (name === "node-pipe") {
    const pipe = await forkHelper<{ port: number }>("node-pipe.ts", [String(bench.backendPort)]);
    return { name, target: { port: pipe.first.port, path: "/bench" }, cpuPids: [pipe.helper.pid], rssPids: [pipe.helper.pid], collectGarbage: null, stop: pipe.stop };
  }
  if (name === "nginx") {
    const dir = join(bench.workDir, `nginx-${run}-${workers}`);
    const nginx: NginxProcess = await startNginx({ dir, backendPort: bench.backendPort, maxConnections: bench.opts.idle, filesLimit: bench.filesLimit, workerProcesses: workers });
    const stop = track("nginx", () => nginx.stop(), () => {
      try {
        process.kill(-nginx.masterPid, "SIGKILL");
      } catch {
        // already gone
      }
    });
    // The master only starts the workers, but it is part of nginx, as the gateway's primary is of the gateway.
    const pids = [nginx.masterPid, ...nginx.workerPids];
    return { name, target: { port: nginx.port, path: "/bench" }, cpuPids: pids, rssPids: pids, collectGarbage: null, stop };
  }
  const env: Record<string, string> = {
    // The gateway's own defaults, not the faster polling the test helper picks.
    GATEWAY_CONFIG_POLL_MS: "250",
    GATEWAY_LOG_FLUSH_MS: "250",
    GATEWAY_DRAIN_SECONDS: "0",
    GATEWAY_CLOSE_TIMEOUT_MS: "1000",
    ...bench.opts.gatewayEnv,
    ...extraEnv,
    // The product's default is `auto` (one per core); each comparison says how many it runs.
    GATEWAY_WORKERS: String(workers),
  };
  // The inspector (loopback, OS-picked port, no session until the idle measurement) lets the
  // bench force a full GC, so that RSS before and after the idle connections compares live memory.
  const nodeOptions = [process.env.NODE_OPTIONS ?? "", "--inspect=127.0.0.1:0", bench.opts.gatewayNodeOptions];
  if (bench.opts.cpuProf || bench.opts.gatewayV8Flags) {
    // Node refuses --cpu-prof and most V8 flags in NODE_OPTIONS; a preload applies them instead.
    nodeOptions.push(`--import=${pathToFileURL(resolve(import.meta.dirname, "gateway-preload.mjs")).href}`);
    if (bench.opts.gatewayV8Flags) env.BENCH_V8_FLAGS = bench.opts.gatewayV8Flags;
    if (bench.opts.cpuProf) {
      mkdirSync(bench.opts.cpuProf, { recursive: true });
      env.BENCH_CPU_PROF_DIR = bench.opts.cpuProf;
    }
  }
  env.NODE_OPTIONS = nodeOptions.join(" ").trim();
  const gateway: GatewayProcess = await startGateway(bench.dbFile, env, { workers });
  const inspectorUrl = gateway.lines.map((l) => /Debugger listening on (ws:\/\/\S+)/.exec(l)?.[1]).find(Boolean) ?? null;
  const pid = gateway.proc.pid!;
  const stop = track(
    "gateway",
    async () => {
      const code = await Promise.race([gateway.stop("SIGTERM"), sleep(10_000).then(() => "timeout" as const)]);
      if (code === "timeout") gateway.proc.kill("SIGKILL");
      if (bench.opts.gatewayLog) appendFileSync(bench.opts.gatewayLog, `--- gateway pid ${pid}, run ${run}\n${gateway.lines.join("\n")}\n`);
    },
    () => gateway.proc.kill("SIGKILL"),
  );
  // With workers the primary only answers counters and the admin port: the workers (its children) relay.
  // Both count: the proxy's CPU is all of its processes'.
  const pids = workers > 1 ? [pid, ...childPids(pid)] : [pid];
  if (pids.length !== workers + (workers > 1 ? 1 : 0)) throw new Error(`gateway: expected ${workers} worker(s), found processes ${pids.join(", ")}`);
  return {
    name,
    target: { port: gateway.port, path: "/bench" },
    cpuPids: pids,
    rssPids: pids,
    collectGarbage: inspectorUrl ? () => inspectorGc(inspectorUrl) : null,
    stop,
    adminPort: gateway.adminPort,
  };
}

/** Asks a Node process for a full GC through its inspector (HeapProfiler.collectGarbage). */
function inspectorGc(url: string): Promise<void> {
  return new Promise((resolveGc, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error("inspector GC timed out"));
    }, 30_000);
    ws.on("open", () => ws.send(JSON.stringify({ id: 1, method: "HeapProfiler.collectGarbage" })));
    ws.on("message", (data) => {
      if ((JSON.parse(String(data)) as { id?: number }).id !== 1) return;
      clearTimeout(timer);
      ws.close();
      resolveGc();
    });
    ws.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Checks that a real `ws` client gets exact echoes (text, and a 70 KB binary) through the target. */
async function checkEcho(t: RunningTarget, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await echoOnce(`ws://127.0.0.1:${t.target.port}${t.target.path}`);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${t.name}: echo check failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      await sleep(100);
    }
  }
}

function echoOnce(url: string): Promise<void> {
  return new Promise((resolveEcho, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const text = "portcullis bench ✓";
    const binary = Buffer.alloc(70_000, 7);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error("timeout"));
    }, 3000);
    let step = 0;
    ws.on("open", () => ws.send(text));
    ws.on("message", (data, isBinary) => {
      const buf = data as Buffer;
      if (step === 0 && !isBinary && buf.toString() === text) {
        step = 1;
        ws.send(binary);
      } else if (step === 1 && isBinary && buf.equals(binary)) {
        clearTimeout(timer);
        ws.close(1000);
        ws.once("close", () => resolveEcho());
      } else {
        clearTimeout(timer);
        ws.terminate();
        reject(new Error("wrong echo"));
      }
    });
    ws.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

// ---- measurements ------------------------------------------------------------------------

function throughputWindow(bench: Bench, t: RunningTarget, size: number, warmupMs: number, durationMs: number): Promise<ThroughputResult> {
  const { opts } = bench;
  return bench.client.request<ThroughputResult>({
    kind: "throughput",
    target: t.target,
    conns: opts.conns,
    inflight: opts.inflight,
    size,
    warmupMs,
    durationMs,
    pids: { proxy: t.cpuPids, backend: bench.backend.pid },
  });
}

async function measureThroughput(bench: Bench, t: RunningTarget, size: number): Promise<ThroughputSample> {
  return throughputSample(t, await throughputWindow(bench, t, size, bench.opts.warmupMs, bench.opts.durationMs));
}

/** Windows added up: echoes, seconds and CPU. */
function sumThroughput(results: ThroughputResult[]): ThroughputResult {
  const sum = (pick: (r: ThroughputResult) => number) => results.reduce((a, r) => a + pick(r), 0);
  return {
    echoes: sum((r) => r.echoes),
    seconds: sum((r) => r.seconds),
    cpu: { proxy: sum((r) => r.cpu.proxy), backend: sum((r) => r.cpu.backend), client: sum((r) => r.cpu.client), machine: sum((r) => r.cpu.machine) },
  };
}

function throughputSample(t: RunningTarget, r: ThroughputResult): ThroughputSample {
  const windowUs = r.seconds * 1e6;
  const proxied = t.cpuPids.length > 0;
  return {
    msgsPerSec: r.echoes / r.seconds,
    // Each echo is relayed twice: client → backend and backend → client.
    proxyCpuPerMsg: proxied ? r.cpu.proxy / (2 * r.echoes) : null,
    cpuPercent: {
      proxy: proxied ? (100 * r.cpu.proxy) / windowUs : null,
      backend: (100 * r.cpu.backend) / windowUs,
      client: (100 * r.cpu.client) / windowUs,
      others: (100 * Math.max(0, r.cpu.machine - r.cpu.proxy - r.cpu.backend - r.cpu.client)) / windowUs,
    },
  };
}

async function measureLatency(bench: Bench, t: RunningTarget): Promise<RunSample["latency"]> {
  const r = await bench.client.request<LatencyResult>({
    kind: "latency",
    target: t.target,
    size: 64,
    warmupMs: Math.min(500, bench.opts.warmupMs),
    durationMs: bench.opts.latencyMs,
  });
  return { p50: r.p50, p90: r.p90, p99: r.p99, samples: r.samples };
}

async function measureIdle(bench: Bench, t: RunningTarget): Promise<IdleSample> {
  const n = bench.opts.idle;
  const concurrency = 200;
  // Warm-up: the handshake and tunnel code compiled and the allocators' pools grown once,
  // so that "before" is a process that has already served connections.
  await bench.client.request<IdleOpenResult>({ kind: "idle-open", target: t.target, n: Math.min(1000, Math.ceil(n / 10)), concurrency });
  await bench.client.request({ kind: "idle-close" });
  await sleep(1000);
  const settledRss = async () => {
    if (!t.collectGarbage) return rssBytesOf(t.rssPids);
    await t.collectGarbage();
    await sleep(500); // V8 unmaps freed pages on helper threads
    return rssBytesOf(t.rssPids);
  };
  const rssBefore = await settledRss();
  const opened = await bench.client.request<IdleOpenResult>({ kind: "idle-open", target: t.target, n, concurrency });
  await sleep(1500);
  const rssAfterNoGc = rssBytesOf(t.rssPids);
  const rssAfter = await settledRss();
  await bench.client.request({ kind: "idle-close" });
  if (opened.failed > 0) log(`  ! ${t.name}: ${opened.failed} of ${n} idle connections failed (${opened.firstError})`);
  const per = (after: number) => (after - rssBefore) / Math.max(1, opened.opened);
  return { requested: n, opened: opened.opened, rssBefore, rssAfter, bytesPerConn: per(rssAfter), bytesPerConnNoGc: per(rssAfterNoGc), openMs: opened.ms };
}

function handshakeWindow(
  bench: Bench,
  t: RunningTarget,
  path: string,
  headers: [string, string][],
  warmupMs: number,
  durationMs: number,
  concurrency = bench.opts.handshakeConcurrency,
): Promise<HandshakesResult> {
  return bench.client.request<HandshakesResult>({
    kind: "handshakes",
    target: { port: t.target.port, path },
    headers,
    concurrency,
    warmupMs,
    durationMs,
    pids: { proxy: t.cpuPids, backend: bench.backend.pid },
  });
}

/** Windows of one API added up. */
function handshakeSample(path: string, windows: HandshakesResult[]): HandshakeSample {
  const count = windows.reduce((a, r) => a + r.handshakes, 0);
  const seconds = windows.reduce((a, r) => a + r.seconds, 0);
  const cpu = windows.reduce((a, r) => a + r.cpu.proxy, 0);
  const failed = windows.reduce((a, r) => a + r.failed, 0);
  if (failed > 0) log(`  ! ${path}: ${failed} handshakes failed (${windows.find((r) => r.firstError)?.firstError})`);
  return { perSec: count / seconds, proxyCpuPerHandshake: count > 0 ? cpu / count : NaN, failed };
}

/**
 * Measures `a` and `b` in `slices` alternating windows each (ABBA AB…: the first of each pair
 * alternates), so that load from other processes, which drifts over seconds, falls on both
 * alike. `measure(which, slice)` runs one window.
 */
async function alternateSlices<T>(slices: number, measure: (which: "a" | "b", slice: number) => Promise<T>): Promise<[T[], T[]]> {
  const a: T[] = [];
  const b: T[] = [];
  for (let i = 0; i < slices; i++) {
    if (i % 2 === 0) {
      a.push(await measure("a", i));
      b.push(await measure("b", i));
    } else {
      b.push(await measure("b", i));
      a.push(await measure("a", i));
    }
  }
  return [a, b];
}

/** How many alternating windows a policy comparison is cut into (each `durationMs / slices` long). */
function policySlices(opts: Options): number {
  return opts.durationMs >= 2000 ? 4 : 2;
}

/** One per-message window of `workload` at `size` through `t`. */
async function messageWindow(bench: Bench, t: RunningTarget, run: number, workload: MessageWorkload, size: number): Promise<MessageSample> {
  const pids = { proxy: t.cpuPids, backend: bench.backend.pid };
  const common = { target: t.target, conns: workload.conns, size, warmupMs: bench.opts.warmupMs, durationMs: bench.opts.durationMs, pids };
  const r =
    workload.kind === "echo"
      ? await bench.client.request<MessageWindowResult>({ kind: "message-echo", ...common, inflight: workload.inflight } satisfies MessageEchoCommand)
      : await bench.client.request<MessageWindowResult>({ kind: "fan-out", ...common, rounds: workload.inflight, backendPort: bench.backendPort } satisfies FanOutCommand);
  const relayed = workload.kind === "echo" ? 2 * r.messages : r.messages;
  const others = Math.max(0, r.cpu.machine - r.cpu.proxy - r.cpu.backend - r.cpu.client);
  return {
    run,
    target: t.name,
    workload: workload.id,
    size,
    msgsPerSec: r.messages / r.seconds,
    proxyCpuPerMsg: t.cpuPids.length > 0 && relayed > 0 ? r.cpu.proxy / relayed : null,
    p50: r.p50,
    p99: r.p99,
    othersPercent: (100 * others) / (r.seconds * 1e6),
  };
}

/** Every per-message workload and size, and the reconnect storm, through a fresh `name`. */
async function measureMessages(bench: Bench, name: MessageTarget, run: number): Promise<{ samples: MessageSample[]; storm: StormSample }> {
  const m = bench.opts.messages!;
  const t = await startTarget(bench, name, run);
  try {
    await checkEcho(t);
    const hs = await handshakeWindow(bench, t, t.target.path, [], bench.opts.warmupMs, bench.opts.durationMs, m.stormConcurrency);
    if (hs.failed > 0) log(`  ! ${name}: ${hs.failed} handshakes of the storm failed (${hs.firstError})`);
    const storm: StormSample = {
      run,
      target: name,
      perSec: hs.handshakes / hs.seconds,
      proxyCpuPerHandshake: t.cpuPids.length > 0 && hs.handshakes > 0 ? hs.cpu.proxy / hs.handshakes : null,
      failed: hs.failed,
    };
    const samples: MessageSample[] = [];
    for (const workload of m.workloads) for (const size of m.sizes) samples.push(await messageWindow(bench, t, run, workload, size));
    return { samples, storm };
  } finally {
    await t.stop();
  }
}

function describeMessages(run: number, name: MessageTarget, samples: MessageSample[], storm: StormSample, workloads: readonly MessageWorkload[]): string {
  const parts = samples.map((x) => {
    const w = workloads.find((y) => y.id === x.workload)!;
    const cpu = x.proxyCpuPerMsg === null ? "" : ` ${x.proxyCpuPerMsg.toFixed(2)} us/msg`;
    const lat = x.p50 === null || x.p99 === null ? "" : ` p50/p99 ${x.p50.toFixed(0)}/${x.p99.toFixed(0)} us`;
    return `${workloadLabel(w)} ${sizeLabel(x.size)} ${Math.round(x.msgsPerSec).toLocaleString("en-US")}/s${cpu}${lat}`;
  });
  parts.push(`storm ${Math.round(storm.perSec).toLocaleString("en-US")} handshakes/s`);
  return `run ${run} ${name.toUpperCase().padEnd(9)} ${parts.join(" | ")}`;
}

async function measureTarget(bench: Bench, name: TargetName, run: number): Promise<RunSample> {
  const t = await startTarget(bench, name, run);
  try {
    await checkEcho(t);
    const apis = name === "gateway" ? bench.policyApis : null;
    const status = apis ? await verifyPolicyApis(apis, t.target.port) : null;
    if (status && run === 1) for (const line of status.notes) log(`  policies: ${line}`);
    const throughput: Record<string, ThroughputSample> = {};
    const limited: Record<string, ThroughputSample> | null = status?.limitsInEffect ? {} : null;
    const limitedBaseline: Record<string, ThroughputSample> | null = limited === null ? null : {};
    // The headline figure is measured as for nginx and DIRECT (one warm-up, one window), never
    // from the comparison's short windows, whose ramp-ups would make it look worse than it is.
    for (const size of bench.opts.sizes) throughput[size] = await measureThroughput(bench, t, size);
    for (const size of limited === null ? [] : bench.opts.sizes) {
      const limitedTarget: RunningTarget = { ...t, target: { port: t.target.port, path: apis!.limitsPath } };
      const slices = policySlices(bench.opts);
      // A full warm-up before the first window of each side, a short one (connections ramping up) after.
      const [plain, withLimits] = await alternateSlices(slices, (which, i) =>
        throughputWindow(bench, which === "a" ? t : limitedTarget, size, i < 2 ? bench.opts.warmupMs : 250, bench.opts.durationMs / slices),
      );
      limitedBaseline![size] = throughputSample(t, sumThroughput(plain));
      limited![size] = throughputSample(t, sumThroughput(withLimits));
    }
    // Right after the throughput windows, before the idle connections leave garbage in this gateway's heap.
    const telemetry = name === "gateway" && bench.opts.telemetry ? await measureTelemetry(bench, t, run) : null;
    const latency = bench.opts.latencyMs > 0 ? await measureLatency(bench, t) : null;
    const idle = bench.opts.idle > 0 && name !== "direct" ? await measureIdle(bench, t) : null;
    let handshakes: RunSample["handshakes"] = null;
    if (status?.pipelineInEffect) {
      await sleep(500); // let the idle connections' teardown finish
      const slices = policySlices(bench.opts);
      const [plain, policies] = await alternateSlices(slices, (which, i) =>
        which === "a"
          ? handshakeWindow(bench, t, t.target.path, [], i < 2 ? bench.opts.warmupMs : 250, bench.opts.durationMs / slices)
          : handshakeWindow(bench, t, apis!.pipelinePath, apis!.pipelineHeaders, i < 2 ? bench.opts.warmupMs : 250, bench.opts.durationMs / slices),
      );
      handshakes = { plain: handshakeSample(t.target.path, plain), policies: handshakeSample(apis!.pipelinePath, policies) };
    }
    const policyNotes = status ? status.notes : null;
    return { run, target: name, throughput, latency, idle, limited, limitedBaseline, handshakes, policyNotes, telemetry };
  } finally {
    await t.stop();
  }
}

/**
 * Messages/s with logging and metrics on (`t`: log and per-minute writers running, its /metrics
 * scraped every second as a Prometheus would, far more often) against a second gateway on the
 * same database with GATEWAY_TELEMETRY=off, in alternating windows, each size.
 */
async function measureTelemetry(bench: Bench, t: RunningTarget, run: number): Promise<NonNullable<RunSample["telemetry"]>> {
  const off = await startTarget(bench, "gateway", run, { GATEWAY_TELEMETRY: "off" });
  const scrape = setInterval(() => {
    if (t.adminPort) fetch(`http://127.0.0.1:${t.adminPort}/metrics`).then((r) => r.text(), () => "");
  }, 1000);
  try {
    await checkEcho(off);
    const out: NonNullable<RunSample["telemetry"]> = {};
    const slices = policySlices(bench.opts);
    for (const size of bench.opts.sizes) {
      const [on, offResults] = await alternateSlices(slices, (which, i) =>
        throughputWindow(bench, which === "a" ? t : off, size, i < 2 ? bench.opts.warmupMs : 250, bench.opts.durationMs / slices),
      );
      out[size] = { on: throughputSample(t, sumThroughput(on)), off: throughputSample(off, sumThroughput(offResults)) };
    }
    return out;
  } finally {
    clearInterval(scrape);
    await off.stop();
  }
}

/**
 * Handshakes/s through rate-limit-by-key on two fresh gateways on the bench's database, one
 * with its counters in memory and one with REDIS_URL, in alternating windows, after checking
 * that the second one counts in Redis. Both start fresh so neither has a warmer JIT or a larger
 * heap than the other (the repetition's gateway has been through every other measurement).
 */
async function measureSharedCounters(bench: Bench, redisUrl: string, run: number): Promise<NonNullable<RunSample["sharedCounters"]>> {
  const [t, shared] = await Promise.all([startTarget(bench, "gateway", run), startTarget(bench, "gateway", run, { REDIS_URL: redisUrl })]);
  try {
    const problem = await verifySharedCounters(redisUrl, t.target.port, shared.target.port);
    if (problem !== null) {
      log(`  ! shared counters not measured: ${problem}`);
      return { note: problem };
    }
    const slices = policySlices(bench.opts);
    const [memory, redis] = await alternateSlices(slices, (which, i) =>
      handshakeWindow(bench, which === "a" ? t : shared, RATE_LIMIT_PATH, [], i < 2 ? bench.opts.warmupMs : 250, bench.opts.durationMs / slices),
    );
    return { memory: handshakeSample(RATE_LIMIT_PATH, memory), redis: handshakeSample(`${RATE_LIMIT_PATH} (Redis)`, redis) };
  } finally {
    await Promise.all([t.stop(), shared.stop()]);
  }
}

function describeSample(s: RunSample): string {
  const parts = Object.entries(s.throughput).map(([size, x]) => {
    const cpu = x.proxyCpuPerMsg === null ? "" : ` ${x.proxyCpuPerMsg.toFixed(2)} us/msg`;
    return `${sizeLabel(Number(size))} ${Math.round(x.msgsPerSec).toLocaleString("en-US")}/s${cpu}`;
  });
  if (s.latency) parts.push(`p50/p99 ${s.latency.p50.toFixed(1)}/${s.latency.p99.toFixed(1)} us`);
  if (s.limited) {
    for (const [size, x] of Object.entries(s.limited)) parts.push(`limits ${sizeLabel(Number(size))} ${Math.round(x.msgsPerSec).toLocaleString("en-US")}/s`);
  }
  if (s.telemetry) {
    for (const [size, x] of Object.entries(s.telemetry))
      parts.push(`telemetry on/off ${sizeLabel(Number(size))} ${Math.round(x.on.msgsPerSec).toLocaleString("en-US")}/${Math.round(x.off.msgsPerSec).toLocaleString("en-US")}/s`);
  }
  if (s.handshakes) {
    parts.push(`handshakes ${Math.round(s.handshakes.plain.perSec).toLocaleString("en-US")}/s, pipeline ${Math.round(s.handshakes.policies.perSec).toLocaleString("en-US")}/s`);
  }
  if (s.sharedCounters && "redis" in s.sharedCounters) {
    const { memory, redis } = s.sharedCounters;
    parts.push(`rate-limit-by-key handshakes memory/Redis ${Math.round(memory.perSec).toLocaleString("en-US")}/${Math.round(redis.perSec).toLocaleString("en-US")}/s`);
  }
  if (s.idle) {
    const noGc = s.idle.bytesPerConn === s.idle.bytesPerConnNoGc ? "" : `, ${Math.round(s.idle.bytesPerConnNoGc)} before GC`;
    parts.push(`idle ${Math.round(s.idle.bytesPerConn)} B/conn (${s.idle.opened} in ${(s.idle.openMs / 1000).toFixed(1)} s${noGc})`);
  }
  return `run ${s.run} ${s.target.toUpperCase().padEnd(7)} ${parts.join(" | ")}`;
}

/** One line of the workers comparison: one proxy with `workers` processes. */
interface WorkersSample {
  workers: number;
  target: "gateway" | "nginx";
  msgsPerSec: number;
  handshakesPerSec: number;
  /** Proxy CPU over the throughput window, in cores (1.0 = one core busy). */
  cores: number;
}

/**
 * `--workers N`: messages/s (64 B, as the headline throughput) and handshakes/s (plain /bench,
 * as the policy comparison's baseline) through the gateway with GATEWAY_WORKERS 1 and N and
 * nginx with worker_processes 1 and N, each freshly started, one warm-up and one window each.
 */
async function measureWorkers(bench: Bench): Promise<WorkersSample[]> {
  const counts = [...new Set([1, bench.opts.workers])];
  const samples: WorkersSample[] = [];
  for (const workers of counts) {
    for (const name of ["nginx", "gateway"] as const) {
      const t = await startTarget(bench, name, 0, {}, workers);
      try {
        await checkEcho(t, 30_000);
        const tp = await throughputWindow(bench, t, 64, bench.opts.warmupMs, bench.opts.durationMs);
        const hs = await handshakeWindow(bench, t, t.target.path, [], bench.opts.warmupMs, bench.opts.durationMs);
        if (hs.failed > 0) log(`  ! ${name} x${workers}: ${hs.failed} handshakes failed (${hs.firstError})`);
        const sample = { workers, target: name, msgsPerSec: tp.echoes / tp.seconds, handshakesPerSec: hs.handshakes / hs.seconds, cores: tp.cpu.proxy / (tp.seconds * 1e6) };
        samples.push(sample);
        log(`workers ${workers} ${name.toUpperCase().padEnd(7)} 64 B ${Math.round(sample.msgsPerSec).toLocaleString("en-US")}/s (${sample.cores.toFixed(2)} cores) | handshakes ${Math.round(sample.handshakesPerSec).toLocaleString("en-US")}/s`);
      } finally {
        await t.stop();
      }
    }
  }
  return samples;
}

/** The workers comparison as a table: each proxy's rates per process count, and N against 1. */
function formatWorkersTable(samples: readonly WorkersSample[], n: number): string {
  const find = (target: WorkersSample["target"], workers: number) => samples.find((s) => s.target === target && s.workers === workers);
  const num = (x: number | undefined) => (x === undefined ? "-" : Math.round(x).toLocaleString("en-US")).padStart(12);
  const lines = [`${"processes".padEnd(12)}${"gateway msg/s".padStart(14)}${"nginx msg/s".padStart(14)}${"gateway hs/s".padStart(14)}${"nginx hs/s".padStart(14)}`];
  for (const workers of [...new Set([1, n])]) {
    const g = find("gateway", workers);
    const x = find("nginx", workers);
    lines.push(`${String(workers).padEnd(12)}  ${num(g?.msgsPerSec)}  ${num(x?.msgsPerSec)}  ${num(g?.handshakesPerSec)}  ${num(x?.handshakesPerSec)}`);
  }
  if (n > 1) {
    const ratio = (target: WorkersSample["target"], pick: (s: WorkersSample) => number) => {
      const one = find(target, 1);
      const many = find(target, n);
      return (one && many ? `${(pick(many) / pick(one)).toFixed(2)}x` : "-").padStart(12);
    };
    lines.push(
      `${`${n} vs 1`.padEnd(12)}  ${ratio("gateway", (s) => s.msgsPerSec)}  ${ratio("nginx", (s) => s.msgsPerSec)}  ${ratio("gateway", (s) => s.handshakesPerSec)}  ${ratio("nginx", (s) => s.handshakesPerSec)}`,
    );
  }
  return lines.join("\n");
}

// ---- main --------------------------------------------------------------------------------

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function main(): Promise<void> {
  const opts = parseOptions();
  const started = Date.now();

  // N idle connections are N sockets in the client and the backend and 2N in the proxy
  // (the gateway inherits this process's limit; nginx asks for worker_rlimit_nofile, which
  // cannot pass the hard limit either). Without CAP_SYS_RESOURCE the hard limit is final,
  // so N is lowered to what fits, keeping FILES_RESERVE descriptors for everything else.
  const FILES_RESERVE = 200;
  const mostConnections = Math.max(opts.idle, ...(opts.messages?.workloads.map((w) => w.conns) ?? [0]));
  const filesNeeded = 2 * mostConnections + FILES_RESERVE;
  const filesLimit = raiseOpenFilesLimit(filesNeeded);
  const idleRequested = opts.idle;
  if (filesLimit < filesNeeded && opts.batched && opts.idle >= mostConnections) {
    opts.idle = Math.max(0, Math.floor((filesLimit - FILES_RESERVE) / 2));
    log(`! open-file limit ${filesLimit} (ulimit -n, hard limit too, and not ours to raise) < ${filesNeeded}: idle connections lowered from ${idleRequested} to ${opts.idle}`);
  }

  const workDir = mkdtempSync(join(tmpdir(), "portcullis-bench-"));
  const db = createTempDatabase();
  track("temp files", async () => {
    db.cleanup();
    rmSync(workDir, { recursive: true, force: true });
  }, () => {});

  const { helper: backend, first } = await forkHelper<{ port: number }>("echo-server.ts");
  insertApi(db.db, { id: "bench", path: "bench", serviceUrl: `ws://127.0.0.1:${first.port}` });
  const policyApis = opts.batched && opts.policies && opts.targets.includes("gateway") ? await setUpPolicyApis(db.db, db.file, `ws://127.0.0.1:${first.port}`) : null;
  let redisUrl: string | null = null;
  if (opts.batched && opts.redis && opts.targets.includes("gateway")) {
    setUpRateLimitApi(db.db, `ws://127.0.0.1:${first.port}`);
    const redis = await startBenchRedis();
    track("redis-server", () => redis.stop(), () => void redis.stop({ kill: true }));
    redisUrl = redis.url;
  }
  const { helper: client } = await forkHelper<{ ready: true }>("load-client.ts");
  const bench: Bench = { opts, client, backend, backendPort: first.port, dbFile: db.file, workDir, filesLimit, policyApis, redisUrl };

  const messageSamples: MessageSample[] = [];
  const storms: StormSample[] = [];
  if (opts.messages) {
    const m = opts.messages;
    log(`Portcullis bench, per message (the headline): ${m.targets.map((t) => t.toUpperCase()).join(", ")}; ${opts.runs} interleaved run(s), medians reported.`);
    log(`  workloads: ${m.workloads.map(workloadLabel).join(", ")}; ${m.sizes.map(sizeLabel).join(", ")}; every message its own write; ${opts.warmupMs / 1000} s warm-up + ${opts.durationMs / 1000} s window each.`);
    log(`  reconnect storm: ${m.stormConcurrency} handshakes in flight (open, 101, close), no policies.`);
    log("  nginx: worker_processes 1; the gateway: GATEWAY_WORKERS=1; NODE-PIPE: a bare net.Socket relay (no parsing). Proxy CPU = all of its processes.\n");
    for (let run = 1; run <= opts.runs; run++) {
      for (const name of m.targets) {
        const { samples: got, storm } = await measureMessages(bench, name, run);
        messageSamples.push(...got);
        storms.push(storm);
        log(describeMessages(run, name, got, storm, m.workloads));
      }
    }
    log("");
  }

  const samples: RunSample[] = [];
  if (opts.batched) {
    log(`Portcullis bench, batched (secondary): ${opts.targets.map((t) => t.toUpperCase()).join(", ")}; ${opts.runs} interleaved run(s), medians reported.`);
    log(`  throughput: ${opts.conns} connections x ${opts.inflight} echoes in flight, ${opts.sizes.map(sizeLabel).join(" and ")} binary messages, ${opts.warmupMs / 1000} s warm-up + ${opts.durationMs / 1000} s window;`);
    log(`  latency: 1 connection x 1 message (64 B) ping-pong for ${opts.latencyMs / 1000} s.`);
    log(`  idle: ${opts.idle.toLocaleString("en-US")} connections (open-file limit ${filesLimit}); RSS deltas after a forced full GC in the gateway (inspector).`);
    log("  nginx: worker_processes 1 (one worker, to match the single-threaded gateway); CPU and RSS = master + worker.");
    log("  msgs/s counts echo round trips; proxy CPU per message counts each echo as 2 relayed messages (one per direction).");
    log("  batched: each write carries up to --inflight frames (10 at first, then as many as were echoed), so a proxy's per-read cost is spread over them.");
    if (policyApis) log(`  policies (gateway only): message limits on /bench-limits vs /bench; ${opts.handshakeConcurrency} handshakes at a time through the pipeline on /bench-policies vs /bench.`);
    if (redisUrl) log(`  shared counters (gateway only): ${opts.handshakeConcurrency} handshakes at a time through ${RATE_LIMIT_PATH} (rate-limit-by-key), counters in memory vs in Redis (${redisUrl}, a second gateway).`);
    log(`  processes: backend pid ${backend.pid} (raw echo), load client pid ${client.pid} (raw sockets), both on 127.0.0.1.\n`);

    for (let run = 1; run <= opts.runs; run++) {
      for (const name of opts.targets) {
        const sample = await measureTarget(bench, name, run);
        // On gateways of its own, once the repetition's gateway has stopped.
        if (name === "gateway" && bench.redisUrl !== null) sample.sharedCounters = await measureSharedCounters(bench, bench.redisUrl, run);
        samples.push(sample);
        log(describeSample(sample));
      }
    }
  }

  let churn: ChurnResult | null = null;
  if (opts.batched && opts.churn && opts.targets.includes("gateway")) {
    const t = await startTarget(bench, "gateway", opts.runs + 1);
    try {
      await checkEcho(t);
      // Its own figures: a gateway that cannot keep up with the load says so here instead of ending the bench.
      churn = await measureChurn({ db: db.db, gatewayPort: t.target.port, backendUrl: `ws://127.0.0.1:${first.port}`, loadPath: t.target.path, ...opts.churn, burst: 100 });
      log(`churn     GATEWAY live p50/p99 ${churn.liveMs.p50.toFixed(0)}/${churn.liveMs.p99.toFixed(0)} ms, burst of 100 ${churn.burstLastLiveMs.toFixed(0)} ms`);
    } catch (error) {
      log(`! churn under load failed (${opts.churn.conns} connections x ${opts.churn.rate} msg/s): ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await t.stop();
    }
  }

  const summaries: Partial<Record<TargetName, Summary>> = {};
  for (const name of opts.batched ? opts.targets : []) summaries[name] = summarize(samples.filter((s) => s.target === name), opts.sizes);
  const checks = opts.batched ? checkTargets(summaries, opts.sizes, samples) : [];

  log(`\nMedians of ${opts.runs} run(s) (${((Date.now() - started) / 1000).toFixed(0)} s):\n`);
  if (opts.messages) {
    log(formatMessageTables(messageSamples, storms, opts.messages));
    const busiest = Math.max(...messageSamples.map((x) => x.othersPercent));
    if (busiest > 20) log(`! other processes used up to ${busiest.toFixed(0)}% of a core during the per-message windows: figures are noisy; compare within this run only.`);
    log("");
  }
  if (opts.batched) {
    log("Batched (secondary): up to 10 frames per write.");
    log(formatTable(summaries, opts.sizes, opts));
    log("");
    log(formatUtilisation(summaries, opts.sizes));
    const busiest = Math.max(...opts.targets.flatMap((t) => opts.sizes.map((size) => summaries[t]!.throughput[size]!.cpuPercent.others)));
    if (busiest > 20) log(`! other processes used up to ${busiest.toFixed(0)}% of a core during the windows: figures are noisy; compare within this run only.`);
    if (policyApis) {
      log("");
      log(formatPolicyTable(opts.sizes, samples, opts));
    }
    if (redisUrl) {
      log("");
      log(formatSharedCounters(samples, opts));
    }
    if (churn) {
      log("");
      log(formatChurn(churn));
    }
    log("\nTargets (gateway, measured against nginx / direct in this run):");
    log(formatChecks(checks));
  }

  let workers: WorkersSample[] = [];
  if (opts.workers > 0) {
    log(`\nWorkers: gateway GATEWAY_WORKERS and nginx worker_processes ${[...new Set([1, opts.workers])].join(" and ")}, 64 B messages and plain handshakes, ${opts.warmupMs / 1000} s warm-up + ${opts.durationMs / 1000} s window each (this machine has ${availableParallelism()} cores):`);
    workers = await measureWorkers(bench);
    log("");
    log(formatWorkersTable(workers, opts.workers));
  }

  if (opts.json) {
    const file = resolve(opts.json);
    writeFileSync(file, JSON.stringify({ options: opts, idleRequested, filesLimit, messageSamples, storms, samples, medians: summaries, targets: checks, churn, workers }, null, 2));
    log(`\nJSON results written to ${file}`);
  }
  if (opts.cpuProf) log(`Gateway CPU profiles in ${opts.cpuProf} (summarise: tsx tests/bench/cpu-profile-top.ts FILE)`);
}

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`\n${signal}: stopping every process the bench started...`);
    stopAll().finally(() => process.exit(130));
  });
}
process.on("exit", killAllNow);

main()
  .then(stopAll, async (error: unknown) => {
    if (interrupted) return; // the signal handler is stopping everything; helpers dying is expected
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await stopAll();
    process.exitCode = 1;
  })
  .then(() => process.exit());
