/** The batched workload's measurements (throughput, latency, idle memory, policies, telemetry, shared counters) of one repetition. */
import type { HandshakesResult, IdleOpenResult, LatencyResult, ThroughputResult } from "./client-commands";
import type { Options } from "./options";
import { verifyPolicyApis } from "./policy-apis";
import { addCpu, rssBytesOf } from "./proc-stats";
import { log, sleep } from "./processes";
import { sizeLabel, type HandshakeSample, type IdleSample, type RunSample, type TargetName, type ThroughputSample } from "./report";
import { RATE_LIMIT_PATH, verifySharedCounters } from "./shared-counters";
import { checkEcho, startTarget, type Bench, type RunningTarget } from "./targets";

export function throughputWindow(bench: Bench, t: RunningTarget, size: number, warmupMs: number, durationMs: number): Promise<ThroughputResult> {
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

export async function measureThroughput(bench: Bench, t: RunningTarget, size: number): Promise<ThroughputSample> {
  return throughputSample(t, await throughputWindow(bench, t, size, bench.opts.warmupMs, bench.opts.durationMs));
}

/** Windows added up: echoes, seconds and CPU. */
export function sumThroughput(results: ThroughputResult[]): ThroughputResult {
  const sum = (pick: (r: ThroughputResult) => number) => results.reduce((a, r) => a + pick(r), 0);
  return {
    echoes: sum((r) => r.echoes),
    seconds: sum((r) => r.seconds),
    cpu: results.map((r) => r.cpu).reduce((a, b) => addCpu(a, b)),
  };
}

export function throughputSample(t: RunningTarget, r: ThroughputResult): ThroughputSample {
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

export async function measureLatency(bench: Bench, t: RunningTarget): Promise<RunSample["latency"]> {
  const r = await bench.client.request<LatencyResult>({
    kind: "latency",
    target: t.target,
    size: 64,
    warmupMs: Math.min(500, bench.opts.warmupMs),
    durationMs: bench.opts.latencyMs,
  });
  return { p50: r.p50, p90: r.p90, p99: r.p99, samples: r.samples };
}

export async function measureIdle(bench: Bench, t: RunningTarget): Promise<IdleSample> {
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

export function handshakeWindow(
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
export function handshakeSample(path: string, windows: HandshakesResult[]): HandshakeSample {
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
export async function alternateSlices<T>(slices: number, measure: (which: "a" | "b", slice: number) => Promise<T>): Promise<[T[], T[]]> {
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
export function policySlices(opts: Options): number {
  return opts.durationMs >= 2000 ? 4 : 2;
}

export async function measureTarget(bench: Bench, name: TargetName, run: number): Promise<RunSample> {
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
export async function measureTelemetry(bench: Bench, t: RunningTarget, run: number): Promise<NonNullable<RunSample["telemetry"]>> {
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
export async function measureSharedCounters(bench: Bench, redisUrl: string, run: number): Promise<NonNullable<RunSample["sharedCounters"]>> {
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

export function describeSample(s: RunSample): string {
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
