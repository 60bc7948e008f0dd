/** The per-message workloads and the reconnect storm of one repetition. */
import type { FanOutCommand, MessageEchoCommand, MessageWindowResult } from "./client-commands";
import { handshakeWindow } from "./measure-batched";
import { workloadLabel, type MessageSample, type MessageTarget, type MessageWorkload, type StormSample } from "./per-message";
import { log } from "./processes";
import { sizeLabel } from "./report";
import { checkEcho, startTarget, type Bench, type RunningTarget } from "./targets";

/** One per-message window of `workload` at `size` through `t`. */
export async function messageWindow(bench: Bench, t: RunningTarget, run: number, workload: MessageWorkload, size: number): Promise<MessageSample> {
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
export async function measureMessages(bench: Bench, name: MessageTarget, run: number): Promise<{ samples: MessageSample[]; storm: StormSample }> {
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
      threadsPerHandshake:
        t.cpuPids.length > 0 && hs.handshakes > 0
          ? {
              main: hs.cpu.proxyMain / hs.handshakes,
              relay: hs.cpu.proxyRelay / hs.handshakes,
              other: Math.max(0, hs.cpu.proxy - hs.cpu.proxyMain - hs.cpu.proxyRelay) / hs.handshakes,
            }
          : null,
      failed: hs.failed,
    };
    const samples: MessageSample[] = [];
    for (const workload of m.workloads) for (const size of m.sizes) samples.push(await messageWindow(bench, t, run, workload, size));
    return { samples, storm };
  } finally {
    await t.stop();
  }
}

export function describeMessages(run: number, name: MessageTarget, samples: MessageSample[], storm: StormSample, workloads: readonly MessageWorkload[]): string {
  const parts = samples.map((x) => {
    const w = workloads.find((y) => y.id === x.workload)!;
    const cpu = x.proxyCpuPerMsg === null ? "" : ` ${x.proxyCpuPerMsg.toFixed(2)} us/msg`;
    const lat = x.p50 === null || x.p99 === null ? "" : ` p50/p99 ${x.p50.toFixed(0)}/${x.p99.toFixed(0)} us`;
    return `${workloadLabel(w)} ${sizeLabel(x.size)} ${Math.round(x.msgsPerSec).toLocaleString("en-US")}/s${cpu}${lat}`;
  });
  parts.push(`storm ${Math.round(storm.perSec).toLocaleString("en-US")} handshakes/s`);
  return `run ${run} ${name.toUpperCase().padEnd(9)} ${parts.join(" | ")}`;
}
