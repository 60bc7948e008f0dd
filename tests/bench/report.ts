/** Medians, ratios, the results table and the targets. */

export const TARGETS = ["direct", "nginx", "gateway"] as const;
export type TargetName = (typeof TARGETS)[number];

export interface ThroughputSample {
  /** Completed echo round trips per second. */
  msgsPerSec: number;
  /** Proxy CPU time per relayed message (an echo is 2 relayed messages), µs; null for DIRECT. */
  proxyCpuPerMsg: number | null;
  /** CPU use during the window, % of one core; `others`: the rest of the machine (other tenants). */
  cpuPercent: { proxy: number | null; backend: number; client: number; others: number };
}

export interface IdleSample {
  requested: number;
  opened: number;
  rssBefore: number;
  rssAfter: number;
  /** (rssAfter - rssBefore) / opened. */
  bytesPerConn: number;
  /** Same, "after" read before the forced full GC (gateway only; nginx has no GC): garbage included. */
  bytesPerConnNoGc: number;
  openMs: number;
}

/** Handshakes through one API (a fresh connection each, closed once the 101 arrives). */
export interface HandshakeSample {
  perSec: number;
  /** Proxy CPU time per handshake, µs. */
  proxyCpuPerHandshake: number;
  failed: number;
}

export interface RunSample {
  run: number;
  target: TargetName;
  throughput: Record<string, ThroughputSample>;
  latency: { p50: number; p90: number; p99: number; samples: number } | null;
  idle: IdleSample | null;
  /** Gateway only: the same throughput through the API with message limits (null: not measured). */
  limited?: Record<string, ThroughputSample> | null;
  /** Gateway only: the plain API in the same alternating windows as `limited` (its comparison's baseline). */
  limitedBaseline?: Record<string, ThroughputSample> | null;
  /** Gateway only: handshakes/s without policies and through the full pipeline (null: not measured). */
  handshakes?: { plain: HandshakeSample; policies: HandshakeSample } | null;
  /** Gateway only: whether the policy APIs were found in effect, and why not. */
  policyNotes?: string[] | null;
  /**
   * Gateway only: msgs/s with logging and metrics on (this gateway, its log and per-minute
   * writers running, /metrics scraped every second) and off (a second gateway on the same
   * database with GATEWAY_TELEMETRY=off), in alternating windows of the same run.
   */
  telemetry?: Record<string, { on: ThroughputSample; off: ThroughputSample }> | null;
  /**
   * Gateway only: handshakes/s through rate-limit-by-key with the counters in this gateway's
   * memory and in Redis (a second gateway with REDIS_URL), alternating windows of the same run;
   * `note` says why it was not measured.
   */
  sharedCounters?: { memory: HandshakeSample; redis: HandshakeSample } | { note: string } | null;
}

export interface Summary {
  throughput: Record<string, { msgsPerSec: number; proxyCpuPerMsg: number | null; cpuPercent: ThroughputSample["cpuPercent"] }>;
  latency: { p50: number; p90: number; p99: number } | null;
  idleBytesPerConn: number | null;
}

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

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function medianOf<T>(items: T[], pick: (t: T) => number | null | undefined): number | null {
  return median(items.map(pick).filter((v): v is number => typeof v === "number" && Number.isFinite(v)));
}

export function summarize(samples: RunSample[], sizes: number[]): Summary {
  const throughput: Summary["throughput"] = {};
  for (const size of sizes) {
    const k = String(size);
    throughput[k] = {
      msgsPerSec: medianOf(samples, (s) => s.throughput[k]?.msgsPerSec) ?? NaN,
      proxyCpuPerMsg: medianOf(samples, (s) => s.throughput[k]?.proxyCpuPerMsg),
      cpuPercent: {
        proxy: medianOf(samples, (s) => s.throughput[k]?.cpuPercent.proxy),
        backend: medianOf(samples, (s) => s.throughput[k]?.cpuPercent.backend) ?? NaN,
        client: medianOf(samples, (s) => s.throughput[k]?.cpuPercent.client) ?? NaN,
        others: medianOf(samples, (s) => s.throughput[k]?.cpuPercent.others) ?? NaN,
      },
    };
  }
  const withLatency = samples.filter((s) => s.latency);
  return {
    throughput,
    latency:
      withLatency.length === 0
        ? null
        : {
            p50: medianOf(withLatency, (s) => s.latency!.p50)!,
            p90: medianOf(withLatency, (s) => s.latency!.p90)!,
            p99: medianOf(withLatency, (s) => s.latency!.p99)!,
          },
    idleBytesPerConn: medianOf(samples, (s) => s.idle?.bytesPerConn),
  };
}

export function sizeLabel(size: number): string {
  return size >= 1024 && size % 1024 === 0 ? `${size / 1024} KiB` : `${size} B`;
}

function fmt(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "n/a";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(a: number | null | undefined, b: number | null | undefined): string {
  if (a === null || a === undefined || b === null || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return "-";
  return `${(a / b).toFixed(2)}x`;
}

interface Row {
  label: string;
  values: Partial<Record<TargetName, number | null>>;
  digits: number;
}

/** The median table: one row per figure, each proxy's figure with its ratios to DIRECT and NGINX. */
export function formatTable(summaries: Partial<Record<TargetName, Summary>>, sizes: number[], opts: { conns: number; inflight: number; idle: number }): string {
  const rows: Row[] = [];
  const get = (f: (s: Summary) => number | null | undefined) => {
    const values: Partial<Record<TargetName, number | null>> = {};
    for (const t of TARGETS) if (summaries[t]) values[t] = f(summaries[t]!) ?? null;
    return values;
  };
  for (const size of sizes) {
    rows.push({ label: `msgs/s ${sizeLabel(size)} (${opts.conns}x${opts.inflight})`, values: get((s) => s.throughput[size]?.msgsPerSec), digits: 0 });
  }
  rows.push({ label: "latency p50 us (1x1 64 B)", values: get((s) => s.latency?.p50), digits: 1 });
  rows.push({ label: "latency p90 us", values: get((s) => s.latency?.p90), digits: 1 });
  rows.push({ label: "latency p99 us", values: get((s) => s.latency?.p99), digits: 1 });
  for (const size of sizes) {
    rows.push({ label: `proxy CPU us/msg ${sizeLabel(size)}`, values: get((s) => s.throughput[size]?.proxyCpuPerMsg), digits: 2 });
  }
  rows.push({ label: `RSS B/idle conn (${opts.idle.toLocaleString("en-US")})`, values: get((s) => s.idleBytesPerConn), digits: 0 });

  const header = ["figure (median)", "DIRECT", "NGINX", "/DIRECT", "GATEWAY", "/DIRECT", "/NGINX"];
  const table = rows.map((r) => {
    const d = r.values.direct;
    const n = r.values.nginx;
    const g = r.values.gateway;
    return [r.label, fmt(d, r.digits), fmt(n, r.digits), ratio(n, d), fmt(g, r.digits), ratio(g, d), ratio(g, n)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...table.map(line)].join("\n");
}

/** CPU use of each process during the throughput windows (to show what saturates). */
export function formatUtilisation(summaries: Partial<Record<TargetName, Summary>>, sizes: number[]): string {
  const lines = ["CPU use during the throughput windows, median % of one core (client / backend / proxy / other tenants; 2 cores = 200):"];
  for (const size of sizes) {
    const parts = TARGETS.filter((t) => summaries[t]).map((t) => {
      const c = summaries[t]!.throughput[size]!.cpuPercent;
      return `${t.toUpperCase()} ${fmt(c.client)} / ${fmt(c.backend)} / ${c.proxy === null ? "-" : fmt(c.proxy)} / ${fmt(c.others)}`;
    });
    lines.push(`  ${sizeLabel(size).padEnd(6)} ${parts.join("   ")}`);
  }
  return lines.join("\n");
}

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

function measuredSharedCounters(s: RunSample): { memory: HandshakeSample; redis: HandshakeSample } | null {
  return s.sharedCounters && "redis" in s.sharedCounters ? s.sharedCounters : null;
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

/** Handshakes/s and gateway CPU per handshake through rate-limit-by-key, memory vs Redis (medians). */
export function formatSharedCounters(samples: RunSample[], opts: { handshakeConcurrency: number }): string {
  const runs = samples.filter((s) => s.target === "gateway" && measuredSharedCounters(s));
  const med = (pick: (m: { memory: HandshakeSample; redis: HandshakeSample }) => number) => medianOf(runs, (s) => pick(measuredSharedCounters(s)!));
  const memory = med((m) => m.memory.perSec);
  const redis = med((m) => m.redis.perSec);
  return [
    `Shared counters: handshakes/s (${opts.handshakeConcurrency} at a time) through rate-limit-by-key on the caller's IP, counters in the gateway's memory vs in Redis (REDIS_URL, a second gateway):`,
    `  memory ${fmt(memory)}/s (${fmt(med((m) => m.memory.proxyCpuPerHandshake))} us CPU each), Redis ${fmt(redis)}/s (${fmt(med((m) => m.redis.proxyCpuPerHandshake))} us CPU each), ${ratio(redis, memory)}`,
  ].join("\n");
}

/** The gateway against itself: message limits off/on, handshakes without policies / through the pipeline. */
export function formatPolicyTable(sizes: number[], samples: RunSample[], opts: { conns: number; inflight: number; handshakeConcurrency: number }): string {
  const runs = samples.filter((s) => s.target === "gateway");
  const rows: [string, number | null, number | null, number][] = [];
  const med = (pick: (s: RunSample) => number | null | undefined) => medianOf(runs, pick);
  for (const size of sizes) {
    rows.push([`msgs/s ${sizeLabel(size)} (${opts.conns}x${opts.inflight})`, med((s) => (s.limitedBaseline?.[size] ?? s.throughput[size])?.msgsPerSec), med((s) => s.limited?.[size]?.msgsPerSec), 0]);
  }
  for (const size of sizes) {
    rows.push([`proxy CPU us/msg ${sizeLabel(size)}`, med((s) => (s.limitedBaseline?.[size] ?? s.throughput[size])?.proxyCpuPerMsg), med((s) => s.limited?.[size]?.proxyCpuPerMsg), 2]);
  }
  rows.push([`handshakes/s (${opts.handshakeConcurrency} at a time)`, med((s) => s.handshakes?.plain.perSec), med((s) => s.handshakes?.policies.perSec), 0]);
  rows.push(["proxy CPU us/handshake", med((s) => s.handshakes?.plain.proxyCpuPerHandshake), med((s) => s.handshakes?.policies.proxyCpuPerHandshake), 0]);
  const header = ["gateway against itself (median)", "NO POLICIES", "POLICIES", "ratio"];
  const table = rows.map(([label, off, on, digits]) => [label, fmt(off, digits), fmt(on, digits), ratio(on, off)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const lines = [
    "Policies: msgs/s through an API with limit-message-size (1 MiB) + rate-limit-messages (huge) + idle-timeout vs the plain API;",
    "handshakes/s with subscription key + validate-jwt (HS256) + rate-limit-by-key (huge) vs the API without policies. Same gateway, same run.",
    line(header),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...table.map(line),
  ];
  for (const note of runs.find((s) => s.policyNotes)?.policyNotes ?? []) lines.push(`  ${note}`);
  return lines.join("\n");
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
