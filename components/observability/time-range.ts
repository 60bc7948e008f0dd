/** The dashboards' time ranges: presets and a custom window, each with the interval its charts sum minutes into. */

export type RangeKey = "15m" | "1h" | "24h" | "7d" | "custom";

export const RANGE_PRESETS: readonly { key: Exclude<RangeKey, "custom">; label: string; ms: number }[] = [
  { key: "15m", label: "15 min", ms: 15 * 60_000 },
  { key: "1h", label: "1 hour", ms: 60 * 60_000 },
  { key: "24h", label: "24 hours", ms: 24 * 60 * 60_000 },
  { key: "7d", label: "7 days", ms: 7 * 24 * 60 * 60_000 },
];

/** The management API's intervals, in minutes, smallest first. */
const INTERVALS: readonly [string, number][] = [
  ["PT1M", 1],
  ["PT5M", 5],
  ["PT15M", 15],
  ["PT30M", 30],
  ["PT1H", 60],
  ["PT6H", 360],
  ["P1D", 1440],
];

/** At most this many points per chart. */
const MAX_POINTS = 200;
export const MAX_WINDOW_MS = 7 * 24 * 60 * 60_000;

export interface TimeWindow {
  from: number;
  to: number;
  /** ISO 8601 duration of one point. */
  interval: string;
  intervalMinutes: number;
}

/** The window of a preset ending now, or of a custom range; the interval keeps charts under 200 points. */
export function resolveWindow(key: RangeKey, custom: { from: string; to: string }, now = Date.now()): TimeWindow | { error: string } {
  let from: number;
  let to: number;
  if (key === "custom") {
    from = Date.parse(custom.from);
    to = Date.parse(custom.to);
    if (Number.isNaN(from) || Number.isNaN(to)) return { error: "Pick a start and an end." };
    if (from >= to) return { error: "The end must be after the start." };
    if (to - from > MAX_WINDOW_MS) return { error: "A window may span at most 7 days." };
  } else {
    const preset = RANGE_PRESETS.find((p) => p.key === key)!;
    // Whole minutes: the metrics are per minute, and stable bounds let queries share a cache key.
    to = Math.ceil(now / 60_000) * 60_000;
    from = to - preset.ms;
  }
  const minutes = (to - from) / 60_000;
  const [interval, intervalMinutes] = INTERVALS.find(([, m]) => minutes / m <= MAX_POINTS) ?? INTERVALS[INTERVALS.length - 1]!;
  return { from, to, interval, intervalMinutes };
}

/** A `datetime-local` input's value for a time (local time zone). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}
