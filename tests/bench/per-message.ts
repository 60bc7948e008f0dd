/**
 * The headline: per-message workloads (issue 13), their medians and their table. Every message
 * is its own write (a client's `send()`, a backend's push), as in real WebSocket traffic, so a
 * proxy pays its per-chunk cost per message instead of spreading it over a batch.
 */
import { median, sizeLabel } from "./report";

/** Proxies measured per message, in column order; NODE-PIPE is the floor of a stream-based JS relay. */
export const MESSAGE_TARGETS = ["direct", "nginx", "node-pipe", "gateway"] as const;
export type MessageTarget = (typeof MESSAGE_TARGETS)[number];

export interface MessageWorkload {
  /** `--workloads` name. */
  id: string;
  kind: "echo" | "fan-out";
  conns: number;
  /** Echo: messages in flight per connection; fan-out: broadcast rounds in flight. */
  inflight: number;
}

export const MESSAGE_WORKLOADS: readonly MessageWorkload[] = [
  { id: "echo-50x10", kind: "echo", conns: 50, inflight: 10 },
  { id: "echo-1000x1", kind: "echo", conns: 1000, inflight: 1 },
  // Unloaded: the round trip a proxy adds, not the queueing that the loaded workloads measure.
  { id: "echo-1x1", kind: "echo", conns: 1, inflight: 1 },
  // Two rounds in flight: the next broadcast is ready while the last is delivered, and a
  // 64 KiB round (64 MB over 1,000 connections) is at most twice in the buffers.
  { id: "fan-out-1000", kind: "fan-out", conns: 1000, inflight: 2 },
];

/** How a workload reads in the table. */
export function workloadLabel(w: MessageWorkload): string {
  return w.kind === "echo" ? `echo ${w.conns}x${w.inflight}` : `fan-out to ${w.conns.toLocaleString("en-US")}`;
}

/** One window of one workload at one size through one target. */
export interface MessageSample {
  run: number;
  target: MessageTarget;
  workload: string;
  size: number;
  /** Echo round trips (echo) or pushes delivered (fan-out) per second. */
  msgsPerSec: number;
  /** Proxy CPU (all its processes) per relayed message, µs: an echo is 2, a push 1; null for DIRECT. */
  proxyCpuPerMsg: number | null;
  p50: number | null;
  p99: number | null;
  /** % of one core used by processes other than the proxy, backend and client during the window. */
  othersPercent: number;
}

/** Reconnect storm: handshakes (open, 101, close) per second, `concurrency` in flight, no policies. */
export interface StormSample {
  run: number;
  target: MessageTarget;
  perSec: number;
  proxyCpuPerHandshake: number | null;
  /** That CPU by thread, µs per handshake: main threads, the native relay's thread, all others (null: no proxy). */
  threadsPerHandshake: { main: number; relay: number; other: number } | null;
  failed: number;
}

export interface MessageMedians {
  msgsPerSec: number | null;
  proxyCpuPerMsg: number | null;
  p50: number | null;
  p99: number | null;
}

function medianOf<T>(items: T[], pick: (t: T) => number | null): number | null {
  return median(items.map(pick).filter((v): v is number => v !== null && Number.isFinite(v)));
}

/** Medians over runs of one (target, workload, size). */
export function messageMedians(samples: readonly MessageSample[], target: MessageTarget, workload: string, size: number): MessageMedians {
  const mine = samples.filter((s) => s.target === target && s.workload === workload && s.size === size);
  return {
    msgsPerSec: medianOf(mine, (s) => s.msgsPerSec),
    proxyCpuPerMsg: medianOf(mine, (s) => s.proxyCpuPerMsg),
    p50: medianOf(mine, (s) => s.p50),
    p99: medianOf(mine, (s) => s.p99),
  };
}

function fmt(value: number | null, digits: number): string {
  return value === null || !Number.isFinite(value) ? "n/a" : value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(a: number | null, b: number | null): string {
  return a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? "-" : `${(a / b).toFixed(2)}x`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}

export interface MessageTableOptions {
  targets: readonly MessageTarget[];
  workloads: readonly MessageWorkload[];
  sizes: readonly number[];
  stormConcurrency: number;
}

/**
 * The per-message tables: msgs/s, proxy CPU µs/msg and latency p50/p99 per workload and size
 * for each target, with the gateway's and NODE-PIPE's ratios to NGINX (and the gateway's to
 * DIRECT); then the reconnect storm. Columns of targets not measured are left out.
 */
export function formatMessageTables(samples: readonly MessageSample[], storms: readonly StormSample[], o: MessageTableOptions): string {
  const targets = MESSAGE_TARGETS.filter((t) => o.targets.includes(t));
  const has = (t: MessageTarget) => targets.includes(t);
  const rowsOf = (pick: (m: MessageMedians) => number | null, digits: number, proxiesOnly: boolean) => {
    const shown = targets.filter((t) => !(proxiesOnly && t === "direct"));
    const header = ["", ...shown.map((t) => t.toUpperCase())];
    if (has("gateway") && has("nginx")) header.push("GW/NGINX");
    if (has("node-pipe") && has("nginx")) header.push("PIPE/NGINX");
    if (!proxiesOnly && has("gateway") && has("direct")) header.push("GW/DIRECT");
    const rows: string[][] = [];
    for (const w of o.workloads) {
      for (const size of o.sizes) {
        const m = (t: MessageTarget) => pick(messageMedians(samples, t, w.id, size));
        const row = [`${workloadLabel(w)} ${sizeLabel(size)}`, ...shown.map((t) => fmt(m(t), digits))];
        if (has("gateway") && has("nginx")) row.push(ratio(m("gateway"), m("nginx")));
        if (has("node-pipe") && has("nginx")) row.push(ratio(m("node-pipe"), m("nginx")));
        if (!proxiesOnly && has("gateway") && has("direct")) row.push(ratio(m("gateway"), m("direct")));
        rows.push(row);
      }
    }
    return table(header, rows);
  };
  const latency = () => {
    const header = ["", ...targets.map((t) => t.toUpperCase())];
    const rows: string[][] = [];
    for (const w of o.workloads) {
      for (const size of o.sizes) {
        const cells = targets.map((t) => {
          const m = messageMedians(samples, t, w.id, size);
          return `${fmt(m.p50, 0)} / ${fmt(m.p99, 0)}`;
        });
        rows.push([`${workloadLabel(w)} ${sizeLabel(size)}`, ...cells]);
      }
    }
    return table(header, rows);
  };
  const lines = [
    "Per message (the headline): every message its own write; medians of the runs.",
    "msgs/s (echo: round trips/s; fan-out: pushes delivered/s):",
    ...rowsOf((m) => m.msgsPerSec, 0, false),
    "",
    "proxy CPU us/msg (all of the proxy's processes; an echo is 2 relayed messages, a push 1):",
    ...rowsOf((m) => m.proxyCpuPerMsg, 2, true),
    "",
    "latency p50 / p99 us (echo: round trip under that load; fan-out: backend write -> client read):",
    ...latency(),
  ];
  if (storms.length > 0) {
    const med = (t: MessageTarget, pick: (s: StormSample) => number | null) => medianOf(storms.filter((s) => s.target === t), pick);
    const header = ["", ...targets.map((t) => t.toUpperCase())];
    if (has("gateway") && has("nginx")) header.push("GW/NGINX");
    const row = (label: string, pick: (s: StormSample) => number | null, digits: number) => {
      const cells = [label, ...targets.map((t) => fmt(med(t, pick), digits))];
      if (has("gateway") && has("nginx")) cells.push(ratio(med("gateway", pick), med("nginx", pick)));
      return cells;
    };
    lines.push(
      "",
      `Reconnect storm: open, 101, close, ${o.stormConcurrency} in flight, no policies:`,
      ...table(header, [
        row("handshakes/s", (s) => s.perSec, 0),
        row("proxy CPU us/handshake", (s) => s.proxyCpuPerHandshake, 0),
        row("  main thread", (s) => s.threadsPerHandshake?.main ?? null, 0),
        row("  native relay thread", (s) => s.threadsPerHandshake?.relay ?? null, 0),
        row("  other threads", (s) => s.threadsPerHandshake?.other ?? null, 0),
      ]),
      "  (other threads: Node's workers such as the gateway's database thread, and V8's and libuv's pools)",
    );
  }
  return lines.join("\n");
}
