/** The targets and the checks that say whether a run met them, each against NGINX, DIRECT or the gateway itself. */
import { fmt, median, measuredSharedCounters, sizeLabel, type RunSample, type Summary, type TargetName, type ThroughputSample } from "./report";

export interface TargetCheck {
  name: string;
  met: boolean | null;
  detail: string;
}

/** Largest RSS per idle proxied connection the issue allows (8 KB, read as 8 KiB). */
export const IDLE_BYTES_TARGET = 8 * 1024;
/** How far above DIRECT the gateway's 1×1 p50 may be, µs. */
export const P50_OVER_DIRECT_TARGET = 60;
/** Messages/s with message limits on, as a fraction of the same gateway without them. */
export const LIMITS_THROUGHPUT_TARGET = 0.95;
/** Messages/s with logging and metrics on, as a fraction of the same traffic with them off. */
export const TELEMETRY_THROUGHPUT_TARGET = 0.95;
/** Handshakes/s through the full pipeline, as a fraction of an API without policies. */
export const PIPELINE_HANDSHAKE_TARGET = 0.7;
/** Handshakes/s through rate-limit-by-key with counters in Redis, as a fraction of the same in memory. */
export const REDIS_HANDSHAKE_TARGET = 0.7;

/** The targets, each measured against NGINX (or DIRECT) in the same run. */
export function checkTargets(summaries: Partial<Record<TargetName, Summary>>, sizes: number[], samples: RunSample[]): TargetCheck[] {
  const g = summaries.gateway;
  const n = summaries.nginx;
  const d = summaries.direct;
  const checks: TargetCheck[] = [];
  const cmp = (name: string, a: number | null | undefined, b: number | null | undefined, ok: (a: number, b: number) => boolean, detail: (a: number, b: number) => string) => {
    if (a === null || a === undefined || b === null || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) checks.push({ name, met: null, detail: "not measured" });
    else checks.push({ name, met: ok(a, b), detail: detail(a, b) });
  };
  const paired = (size: number, pick: (s: ThroughputSample) => number | null) => {
    const ratio = pairedRatio(samples, (s) => {
      const x = s.throughput[size];
      return x ? pick(x) : null;
    });
    return ratio === null ? "" : `; median of per-run ratios ${ratio.toFixed(2)}x`;
  };
  for (const size of sizes) {
    cmp(
      `msgs/s ${sizeLabel(size)} >= 1.0 x nginx`,
      g?.throughput[size]?.msgsPerSec,
      n?.throughput[size]?.msgsPerSec,
      (a, b) => a >= b,
      (a, b) => `${fmt(a)} vs ${fmt(b)} (${(a / b).toFixed(2)}x${paired(size, (x) => x.msgsPerSec)})`,
    );
  }
  for (const size of sizes) {
    cmp(
      `CPU us/msg ${sizeLabel(size)} <= nginx`,
      g?.throughput[size]?.proxyCpuPerMsg,
      n?.throughput[size]?.proxyCpuPerMsg,
      (a, b) => a <= b,
      (a, b) => `${fmt(a, 2)} vs ${fmt(b, 2)} (${(a / b).toFixed(2)}x${paired(size, (x) => x.proxyCpuPerMsg)})`,
    );
  }
  cmp(`RSS per idle conn <= ${IDLE_BYTES_TARGET} B (8 KiB)`, g?.idleBytesPerConn, IDLE_BYTES_TARGET, (a, b) => a <= b, (a) => `${fmt(a)} B (nginx ${fmt(n?.idleBytesPerConn)} B)`);
  for (const size of sizes) checks.push(limitsCheck(samples, size));
  for (const size of sizes) if (samples.some((x) => x.telemetry?.[size])) checks.push(telemetryCheck(samples, size));
  checks.push(pipelineCheck(samples));
  if (samples.some((s) => s.sharedCounters)) checks.push(sharedCountersCheck(samples));
  cmp(
    `1x1 p50 <= direct + ${P50_OVER_DIRECT_TARGET} us`,
    g?.latency?.p50,
    d?.latency?.p50,
    (a, b) => a - b <= P50_OVER_DIRECT_TARGET,
    (a, b) => `${fmt(a, 1)} us vs direct ${fmt(b, 1)} us: +${fmt(a - b, 1)} us (nginx +${fmt((n?.latency?.p50 ?? NaN) - b, 1)} us)`,
  );
  return checks;
}

/** Per gateway run, `pick`'s (on, off) pair; runs where either is missing are left out. */
function gatewayPairs(samples: RunSample[], pick: (s: RunSample) => [number, number] | null): [number, number][] {
  const pairs: [number, number][] = [];
  for (const s of samples.filter((x) => x.target === "gateway")) {
    const p = pick(s);
    if (p !== null && Number.isFinite(p[0]) && Number.isFinite(p[1]) && p[1] > 0) pairs.push(p);
  }
  return pairs;
}

function notMeasured(samples: RunSample[], what: string): string {
  const notes = samples.find((s) => s.target === "gateway" && s.policyNotes)?.policyNotes ?? [];
  const why = notes.find((n) => n.includes("NOT") && n.includes(what));
  return why ? `not measured: ${why}` : "not measured";
}

/** Messages/s through the API with message limits vs the plain API, same gateway, same run. */
function limitsCheck(samples: RunSample[], size: number): TargetCheck {
  const name = `msgs/s ${sizeLabel(size)} limits on >= ${LIMITS_THROUGHPUT_TARGET} x off`;
  const pairs = gatewayPairs(samples, (s) => {
    const on = s.limited?.[size];
    const off = s.limitedBaseline?.[size] ?? s.throughput[size];
    return on && off ? [on.msgsPerSec, off.msgsPerSec] : null;
  });
  if (pairs.length === 0) return { name, met: null, detail: notMeasured(samples, "message limits") };
  const on = median(pairs.map((p) => p[0]))!;
  const off = median(pairs.map((p) => p[1]))!;
  const paired = median(pairs.map((p) => p[0] / p[1]))!;
  const cpu = median(
    gatewayPairs(samples, (s) => {
      const on = s.limited?.[size]?.proxyCpuPerMsg;
      const off = (s.limitedBaseline?.[size] ?? s.throughput[size])?.proxyCpuPerMsg;
      return on && off ? [on, off] : null;
    }).map((p) => p[0] / p[1]),
  );
  const cpuNote = cpu === null ? "" : `; CPU/msg ${cpu.toFixed(2)}x`;
  return { name, met: paired >= LIMITS_THROUGHPUT_TARGET, detail: `${fmt(on)} vs ${fmt(off)} (${(on / off).toFixed(2)}x; median of per-run ratios ${paired.toFixed(2)}x${cpuNote})` };
}

/** Messages/s with logging and metrics on vs off, same run, alternating windows. */
function telemetryCheck(samples: RunSample[], size: number): TargetCheck {
  const name = `msgs/s ${sizeLabel(size)} telemetry on >= ${TELEMETRY_THROUGHPUT_TARGET} x off`;
  const pairs = gatewayPairs(samples, (s) => {
    const t = s.telemetry?.[size];
    return t ? [t.on.msgsPerSec, t.off.msgsPerSec] : null;
  });
  if (pairs.length === 0) return { name, met: null, detail: "not measured" };
  const on = median(pairs.map((p) => p[0]))!;
  const off = median(pairs.map((p) => p[1]))!;
  const paired = median(pairs.map((p) => p[0] / p[1]))!;
  const cpu = median(
    gatewayPairs(samples, (s) => {
      const t = s.telemetry?.[size];
      return t?.on.proxyCpuPerMsg && t.off.proxyCpuPerMsg ? [t.on.proxyCpuPerMsg, t.off.proxyCpuPerMsg] : null;
    }).map((p) => p[0] / p[1]),
  );
  const cpuNote = cpu === null ? "" : `; CPU/msg ${cpu.toFixed(2)}x`;
  return { name, met: paired >= TELEMETRY_THROUGHPUT_TARGET, detail: `${fmt(on)} vs ${fmt(off)} (${(on / off).toFixed(2)}x; median of per-run ratios ${paired.toFixed(2)}x${cpuNote})` };
}

/** Handshakes/s through the full pipeline vs the API without policies, same gateway, same run. */
function pipelineCheck(samples: RunSample[]): TargetCheck {
  const name = `handshakes/s pipeline >= ${PIPELINE_HANDSHAKE_TARGET} x none`;
  const pairs = gatewayPairs(samples, (s) => (s.handshakes ? [s.handshakes.policies.perSec, s.handshakes.plain.perSec] : null));
  if (pairs.length === 0) return { name, met: null, detail: notMeasured(samples, "pipeline") };
  const on = median(pairs.map((p) => p[0]))!;
  const off = median(pairs.map((p) => p[1]))!;
  const paired = median(pairs.map((p) => p[0] / p[1]))!;
  const cpu = median(gatewayPairs(samples, (s) => (s.handshakes ? [s.handshakes.policies.proxyCpuPerHandshake, s.handshakes.plain.proxyCpuPerHandshake] : null)).map((p) => p[0] / p[1]));
  const cpuNote = cpu === null ? "" : `; CPU/handshake ${cpu.toFixed(2)}x`;
  return { name, met: paired >= PIPELINE_HANDSHAKE_TARGET, detail: `${fmt(on)} vs ${fmt(off)} (${(on / off).toFixed(2)}x; median of per-run ratios ${paired.toFixed(2)}x${cpuNote})` };
}

/** Handshakes/s through rate-limit-by-key, counters in Redis vs in memory, same run, alternating windows. */
function sharedCountersCheck(samples: RunSample[]): TargetCheck {
  const name = `handshakes/s limit on Redis >= ${REDIS_HANDSHAKE_TARGET} x memory`;
  const pairs = gatewayPairs(samples, (s) => {
    const m = measuredSharedCounters(s);
    return m ? [m.redis.perSec, m.memory.perSec] : null;
  });
  if (pairs.length === 0) {
    const note = samples.map((s) => (s.sharedCounters && "note" in s.sharedCounters ? s.sharedCounters.note : null)).find(Boolean);
    return { name, met: null, detail: note ? `not measured: ${note}` : "not measured" };
  }
  const redis = median(pairs.map((p) => p[0]))!;
  const memory = median(pairs.map((p) => p[1]))!;
  const paired = median(pairs.map((p) => p[0] / p[1]))!;
  const cpu = median(
    gatewayPairs(samples, (s) => {
      const m = measuredSharedCounters(s);
      return m ? [m.redis.proxyCpuPerHandshake, m.memory.proxyCpuPerHandshake] : null;
    }).map((p) => p[0] / p[1]),
  );
  const cpuNote = cpu === null ? "" : `; gateway CPU/handshake ${cpu.toFixed(2)}x`;
  return { name, met: paired >= REDIS_HANDSHAKE_TARGET, detail: `${fmt(redis)} vs ${fmt(memory)} (${(redis / memory).toFixed(2)}x; median of per-run ratios ${paired.toFixed(2)}x${cpuNote})` };
}

/** Median over runs of gateway/nginx measured in the same repetition (robust to drifting load). */
function pairedRatio(samples: RunSample[], pick: (s: RunSample) => number | null): number | null {
  const ratios: number[] = [];
  for (const g of samples.filter((s) => s.target === "gateway")) {
    const n = samples.find((s) => s.target === "nginx" && s.run === g.run);
    const a = pick(g);
    const b = n ? pick(n) : null;
    if (a !== null && b !== null && b > 0) ratios.push(a / b);
  }
  return median(ratios);
}

export function formatChecks(checks: TargetCheck[]): string {
  return checks.map((c) => `  [${c.met === null ? "----" : c.met ? " MET" : "MISS"}] ${c.name.padEnd(34)} ${c.detail}`).join("\n");
}
