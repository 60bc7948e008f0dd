/** Medians over runs and the results tables (the targets are checked in target-checks.ts). */

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

/** A figure for a table: grouped thousands, `digits` decimals, "n/a" when not measured. */
export function fmt(value: number | null | undefined, digits = 0): string {
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

/** The run's shared-counter handshakes, when they were measured. */
export function measuredSharedCounters(s: RunSample): { memory: HandshakeSample; redis: HandshakeSample } | null {
  return s.sharedCounters && "redis" in s.sharedCounters ? s.sharedCounters : null;
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
