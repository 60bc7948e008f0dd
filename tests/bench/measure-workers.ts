/** `--workers N`: the gateway with 1 and N workers against nginx with 1 and N worker processes. */
import { handshakeWindow, throughputWindow } from "./measure-batched";
import { log } from "./processes";
import { checkEcho, startTarget, type Bench } from "./targets";

/** One line of the workers comparison: one proxy with `workers` processes. */
export interface WorkersSample {
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
export async function measureWorkers(bench: Bench): Promise<WorkersSample[]> {
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
export function formatWorkersTable(samples: readonly WorkersSample[], n: number): string {
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
