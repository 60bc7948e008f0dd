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
}

export interface ChurnResult {
  conns: number;
  rate: number;
  /** Time to live of each new API added alone, milliseconds. */
  liveMs: { p50: number; p99: number; max: number; count: number };
  /** From the last change of the burst until its API answered, milliseconds. */
  burstLastLiveMs: number;
  burst: number;
  /** The load while the changes landed. */
  echoes: number;
  echoP99Ms: number;
  lostConnections: number;
}

let series = 0;

async function timeToLive(port: number, path: string, since: number): Promise<number> {
  for (;;) {
    const answer = await attemptHandshake(`ws://127.0.0.1:${port}${path}`);
    if (answer.status === 101) {
      answer.socket!.destroy();
      return performance.now() - since;
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
  try {
    await new Promise((r) => setTimeout(r, 1000)); // the load reaches its pace
    await load.window();
    const times: number[] = [];
    for (let i = 0; i < o.apis; i++) {
      insertApi(o.db, { id: `${prefix}-${i}`, path: `${prefix}-${i}`, serviceUrl: o.backendUrl });
      times.push(await timeToLive(o.gatewayPort, `/${prefix}-${i}`, performance.now()));
    }
    for (let i = 0; i < o.burst; i++) insertApi(o.db, { id: `${prefix}-burst-${i}`, path: `${prefix}-burst-${i}`, serviceUrl: o.backendUrl });
    const burstLastLiveMs = await timeToLive(o.gatewayPort, `/${prefix}-burst-${o.burst - 1}`, performance.now());
    const traffic = await load.window();
    return {
      conns: o.conns,
      rate: o.rate,
      liveMs: { p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: Math.max(...times), count: times.length },
      burstLastLiveMs,
      burst: o.burst,
      echoes: traffic.echoed,
      echoP99Ms: traffic.p99Ms,
      lostConnections: traffic.lost,
    };
  } finally {
    await load.stop();
  }
}

/** The report's lines for a churn result. */
export function formatChurn(r: ChurnResult): string {
  return [
    `Churn under load (gateway): ${r.conns.toLocaleString("en-US")} connections x ${r.rate} msg/s`,
    `  new API live (${r.liveMs.count}, one at a time): p50 ${r.liveMs.p50.toFixed(0)} ms, p99 ${r.liveMs.p99.toFixed(0)} ms, max ${r.liveMs.max.toFixed(0)} ms (target: p99 < 1000 ms)`,
    `  burst of ${r.burst} changes: the last live ${r.burstLastLiveMs.toFixed(0)} ms after it (target: < 1000 ms)`,
    `  load meanwhile: ${r.echoes.toLocaleString("en-US")} echoes, echo p99 ${r.echoP99Ms.toFixed(1)} ms, ${r.lostConnections} connections lost`,
  ].join("\n");
}
