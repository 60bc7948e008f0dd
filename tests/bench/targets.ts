/** The proxies under test: starting one (DIRECT, nginx, NODE-PIPE, the gateway) and checking that it echoes. */
import { appendFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { WebSocket } from "ws";
import { startGateway, type GatewayProcess } from "../helpers/gateway-process";
import type { Target } from "./client-commands";
import { startNginx, type NginxProcess } from "./nginx";
import type { Options } from "./options";
import type { MessageTarget } from "./per-message";
import type { PolicyApis } from "./policy-apis";
import { childPids } from "./proc-stats";
import { forkHelper, sleep, track, type Helper } from "./processes";

/** A target being measured: where the client connects and which processes are the proxy. */
export interface RunningTarget {
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

export interface Bench {
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

export async function startTarget(bench: Bench, name: MessageTarget, run: number, extraEnv: Record<string, string> = {}, workers = 1): Promise<RunningTarget> {
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
    // The gateway's own defaults, not the faster log flush the test helper picks (its
    // GATEWAY_CONFIG_POLL_MS, 100, is the gateway's default too).
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
  if (bench.opts.cpuProf || bench.opts.gatewayV8Flags || bench.opts.gatewayEnv.BENCH_ELD_MS) {
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
export function inspectorGc(url: string): Promise<void> {
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
export async function checkEcho(t: RunningTarget, timeoutMs = 10_000): Promise<void> {
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

export function echoOnce(url: string): Promise<void> {
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
