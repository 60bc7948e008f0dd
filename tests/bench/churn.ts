/**
 * Churn under load (issue 11): how long a configuration change takes to go live while the
 * gateway relays a steady message load. A paced load (tests/helpers/paced-load.ts, its own
 * process) keeps `conns` connections sending `rate` messages a second; new APIs are added one
 * at a time, each timed from its insert until a handshake on its path answers 101 (probing
 * every 20 ms), then a burst of `burst` changes is timed from its last insert.
 */
import type { Db } from "@/db/client";
import { attemptHandshake } from "../helpers/handshake-client";
import { startPacedLoad } from "../helpers/paced-load";
import { insertApi } from "../helpers/temp-db";
import { cpuMicros, cpuMicrosOf, loadAverages, machineBusyMicros, schedMicros } from "./proc-stats";

export interface ChurnOptions {
  db: Db;
  gatewayPort: number;
  backendUrl: string;
  /** Path of an API already served (the load's). */
  loadPath: string;
  conns: number;
  rate: number;
  apis: number;
  burst: number;
  /** The gateway's processes (the first is the one whose main thread relays: GATEWAY_WORKERS=1) and the backend's. */
  pids: { gateway: number[]; backend: number };
}

/** Where the CPU went while the changes landed: in cores (1 = one core busy), and how long the gateway's relaying thread waited for a CPU. */
export interface ChurnCpu {
  gateway: number;
  load: number;
  backend: number;
  /** This process: inserts and probes. */
  bench: number;
  /** Everything else on the machine (other tenants). */
  others: number;
  /** Share of the window the gateway's main thread was runnable but not running (waiting for a core). */
  gatewayWaitedPercent: number;
  /** Share of the window it ran. */
  gatewayRanPercent: number;
  /** The machine's 1-minute load average at the start and the end. */
  loadAverage: [number, number];
}

export interface ChurnResult {
  conns: number;
  rate: number;
  /** Time to live of each new API added alone, milliseconds. */
  liveMs: { p50: number; p99: number; max: number; count: number };
  /** From the last change of the burst until its API answered, milliseconds. */
  burstLastLiveMs: number;
  burst: number;
  /** The load while the changes landed: messages sent, echoes received (fewer: the gateway fell behind). */
  sent: number;
  echoes: number;
  echoP99Ms: number;
  lostConnections: number;
  cpu: ChurnCpu;
  /** Probes answered 408/502/504: the gateway did not read the request or finish the backend handshake in time. */
  probeFailures: string[];
}

function cpuReading(o: ChurnOptions, loadPid: number) {
  return {
    at: performance.now(),
    gateway: cpuMicrosOf(o.pids.gateway),
    sched: schedMicros(o.pids.gateway[0]!),
    load: cpuMicros(loadPid),
    backend: cpuMicros(o.pids.backend),
    bench: cpuMicros(process.pid),
    machine: machineBusyMicros(),
    loadAverage: loadAverages()[0],
  };
}

function cpuBetween(a: ReturnType<typeof cpuReading>, b: ReturnType<typeof cpuReading>): ChurnCpu {
  const us = (b.at - a.at) * 1000;
  const cores = (x: number) => x / us;
  const [gateway, load, backend, bench] = [b.gateway - a.gateway, b.load - a.load, b.backend - a.backend, b.bench - a.bench];
  return {
    gateway: cores(gateway),
    load: cores(load),
    backend: cores(backend),
    bench: cores(bench),
    others: cores(Math.max(0, b.machine - a.machine - gateway - load - backend - bench)),
    gatewayWaitedPercent: (100 * (b.sched.waited - a.sched.waited)) / us,
    gatewayRanPercent: (100 * (b.sched.ran - a.sched.ran)) / us,
    loadAverage: [a.loadAverage, b.loadAverage],
  };
}

let series = 0;
/** Probes answered 408/502/504 in this measurement (probing went on). */
let probeFailures: string[] = [];

async function timeToLive(port: number, path: string, since: number): Promise<number> {
  for (;;) {
    const answer = await attemptHandshake(`ws://127.0.0.1:${port}${path}`);
    if (answer.status === 101) {
      answer.socket!.destroy();
      return performance.now() - since;
    }
    // A gateway too starved to read the request (408) or finish the backend handshake (502, 504) in time: noted, probing goes on.
    if (answer.status === 408 || answer.status === 502 || answer.status === 504) {
      probeFailures.push(`${path} ${answer.status}`);
      continue;
    }
    if (answer.status !== 404) throw new Error(`${path} answered ${answer.status} while going live`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** Runs the churn measurement against a running gateway. */
export async function measureChurn(o: ChurnOptions): Promise<ChurnResult> {
  const load = await startPacedLoad({ port: o.gatewayPort, path: o.loadPath, conns: o.conns, rate: o.rate });
  const prefix = `churn-${process.pid}-${++series}`;
  probeFailures = [];
  try {
    await new Promise((r) => setTimeout(r, 1000)); // the load reaches its pace
    await load.window();
    const before = cpuReading(o, load.pid);
    const times: number[] = [];
    for (let i = 0; i < o.apis; i++) {
      insertApi(o.db, { id: `${prefix}-${i}`, path: `${prefix}-${i}`, serviceUrl: o.backendUrl });
      times.push(await timeToLive(o.gatewayPort, `/${prefix}-${i}`, performance.now()));
    }
    for (let i = 0; i < o.burst; i++) insertApi(o.db, { id: `${prefix}-burst-${i}`, path: `${prefix}-burst-${i}`, serviceUrl: o.backendUrl });
    const burstLastLiveMs = await timeToLive(o.gatewayPort, `/${prefix}-burst-${o.burst - 1}`, performance.now());
    const traffic = await load.window();
    const cpu = cpuBetween(before, cpuReading(o, load.pid));
    return {
      conns: o.conns,
      rate: o.rate,
      liveMs: { p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: Math.max(...times), count: times.length },
      burstLastLiveMs,
      burst: o.burst,
      sent: traffic.sent,
      echoes: traffic.echoed,
      echoP99Ms: traffic.p99Ms,
      lostConnections: traffic.lost,
      cpu,
      probeFailures,
    };
  } finally {
    await load.stop();
  }
}

/** The report's lines for a churn result. */
export function formatChurn(r: ChurnResult): string {
  const c = r.cpu;
  return [
    `Churn under load (gateway): ${r.conns.toLocaleString("en-US")} connections x ${r.rate} msg/s`,
    `  new API live (${r.liveMs.count}, one at a time): p50 ${r.liveMs.p50.toFixed(0)} ms, p99 ${r.liveMs.p99.toFixed(0)} ms, max ${r.liveMs.max.toFixed(0)} ms (target: p99 < 1000 ms)`,
    `  burst of ${r.burst} changes: the last live ${r.burstLastLiveMs.toFixed(0)} ms after it (target: < 1000 ms)`,
    `  load meanwhile: ${r.sent.toLocaleString("en-US")} messages sent, ${r.echoes.toLocaleString("en-US")} echoed, echo p99 ${r.echoP99Ms.toFixed(1)} ms, ${r.lostConnections} connections lost`,
    `  CPU meanwhile (cores): gateway ${c.gateway.toFixed(2)}, load client ${c.load.toFixed(2)}, backend ${c.backend.toFixed(2)}, bench (inserts, probes) ${c.bench.toFixed(2)}, other processes ${c.others.toFixed(2)}; ` +
      `the gateway's main thread ran ${c.gatewayRanPercent.toFixed(0)}% and waited for a core ${c.gatewayWaitedPercent.toFixed(0)}% of the time; load average ${c.loadAverage[0].toFixed(1)} → ${c.loadAverage[1].toFixed(1)}`,
    ...(r.probeFailures.length > 0 ? [`  ! ${r.probeFailures.length} probe(s) answered 408/502/504 (a request not read, or a backend handshake not finished, within 10 s: a starved gateway): ${r.probeFailures.slice(0, 5).join(", ")}`] : []),
  ].join("\n");
}
