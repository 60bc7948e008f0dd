/** Number formatting shared by the dashboards and the logs explorer. */

const integer = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return Math.abs(n) >= 100_000 ? compact.format(n) : integer.format(n);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** Milliseconds as "850 µs", "12.3 ms", "4.2 s". */
export function formatLatency(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A connection's duration: "350 ms", "42 s", "3 min 5 s", "2 h 4 min". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** The tone of a status code: 101 green, 4xx amber, 5xx red. */
export function statusTone(code: number): "green" | "amber" | "red" | "neutral" {
  if (code === 101) return "green";
  if (code >= 500) return "red";
  if (code >= 400) return "amber";
  return "neutral";
}

/**
 * A latency axis's tick labels, in one unit picked from the largest value shown (µs under a
 * millisecond, s from a second): "0", "2 ms", "4 ms", never a lone "0 µs" on an empty chart.
 */
export function latencyTickFormatter(maxMs: number): (ms: number) => string {
  const [unit, scale] = maxMs >= 1000 ? ["s", 1 / 1000] : maxMs > 0 && maxMs < 1 ? ["µs", 1000] : ["ms", 1];
  return (ms) => {
    if (ms === 0) return "0";
    const value = ms * scale;
    return `${Number.isInteger(value) ? value : value.toFixed(value < 10 ? 1 : 0)} ${unit}`;
  };
}
