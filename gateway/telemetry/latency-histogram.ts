/**
 * A small fixed histogram of handshake latencies: bucket 0 holds everything up to 10 µs,
 * bucket i (10 µs · 1.1^(i-1), 10 µs · 1.1^i], the last one everything above ~60 s. Adding a
 * value is one logarithm and one array increment (no allocation); percentiles read from the
 * geometric middle of their bucket are within about 5% of the true value. Plain functions on
 * Uint32Arrays so the portal can merge stored histograms (minutes, APIs, gateways) the same way.
 */

const BASE_US = 10;
const FACTOR = 1.1;
const LOG_FACTOR = Math.log(FACTOR);
/** Number of buckets: enough for 60 s, plus one for anything longer. */
export const LATENCY_BUCKETS = Math.ceil(Math.log(60_000_000 / BASE_US) / LOG_FACTOR) + 2;

/** A new, empty histogram. */
export function newLatencyHistogram(): Uint32Array {
  return new Uint32Array(LATENCY_BUCKETS);
}

/** The bucket of a latency in microseconds. */
export function latencyBucket(us: number): number {
  if (!(us > BASE_US)) return 0;
  const i = Math.ceil(Math.log(us / BASE_US) / LOG_FACTOR);
  return i < LATENCY_BUCKETS ? i : LATENCY_BUCKETS - 1;
}

/** Records one latency (microseconds). */
export function recordLatency(histogram: Uint32Array, us: number): void {
  histogram[latencyBucket(us)]!++;
}

/** The value (whole microseconds) a bucket stands for: the geometric middle of its bounds. */
function bucketValueUs(bucket: number): number {
  return Math.round(bucket === 0 ? BASE_US : BASE_US * Math.pow(FACTOR, bucket - 0.5));
}

/** The `p` quantile (0 < p ≤ 1, nearest rank) in whole microseconds; null for an empty histogram. */
export function latencyPercentileUs(histogram: ArrayLike<number>, p: number): number | null {
  let total = 0;
  for (let i = 0; i < histogram.length; i++) total += histogram[i]!;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i]!;
    if (seen >= rank) return bucketValueUs(i);
  }
  return bucketValueUs(histogram.length - 1);
}

/** The non-empty buckets as {"index": count}, as stored in `metrics_minute.handshake_histogram`. */
export function sparseHistogram(histogram: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < histogram.length; i++) if (histogram[i] !== 0) out[i] = histogram[i]!;
  return out;
}

/** Adds a stored {"index": count} histogram into `into`; indexes out of range are ignored. */
export function addSparseHistogram(into: Uint32Array, sparse: Record<string, number>): void {
  for (const key in sparse) {
    const i = Number(key);
    if (Number.isInteger(i) && i >= 0 && i < into.length) into[i]! += sparse[key]!;
  }
}
