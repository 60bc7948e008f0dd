import { describe, expect, it } from "vitest";
import {
  addSparseHistogram,
  LATENCY_BUCKETS,
  latencyBucket,
  latencyPercentileUs,
  newLatencyHistogram,
  recordLatency,
  sparseHistogram,
} from "@/gateway/telemetry/latency-histogram";

describe("latency histogram", () => {
  it("puts each latency in a bucket whose value is within 5% of it", () => {
    for (const us of [250, 999, 1000, 1234, 8_000, 95_000, 1_000_000, 30_000_000]) {
      const h = newLatencyHistogram();
      recordLatency(h, us);
      const estimate = latencyPercentileUs(h, 0.5)!;
      expect(Math.abs(estimate - us) / us).toBeLessThan(0.05);
    }
  });

  it("keeps the extremes in the first and last buckets", () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(-5)).toBe(0);
    expect(latencyBucket(Number.NaN)).toBe(0);
    expect(latencyBucket(10 * 60_000_000)).toBe(LATENCY_BUCKETS - 1);
  });

  it("reads p50, p95 and p99 by nearest rank", () => {
    const h = newLatencyHistogram();
    // 100 handshakes: 1 ms … 100 ms.
    for (let ms = 1; ms <= 100; ms++) recordLatency(h, ms * 1000);
    const near = (us: number | null, expected: number) => expect(Math.abs(us! - expected) / expected).toBeLessThan(0.05);
    near(latencyPercentileUs(h, 0.5), 50_000);
    near(latencyPercentileUs(h, 0.95), 95_000);
    near(latencyPercentileUs(h, 0.99), 99_000);
    expect(latencyPercentileUs(newLatencyHistogram(), 0.5)).toBeNull();
  });

  it("round-trips through the stored sparse form and merges by adding", () => {
    const a = newLatencyHistogram();
    const b = newLatencyHistogram();
    recordLatency(a, 1000);
    recordLatency(a, 1000);
    recordLatency(b, 2000);
    const merged = newLatencyHistogram();
    addSparseHistogram(merged, sparseHistogram(a));
    addSparseHistogram(merged, JSON.parse(JSON.stringify(sparseHistogram(b))));
    addSparseHistogram(merged, { "-1": 5, "99999": 5, x: 5 });
    expect(sparseHistogram(merged)).toEqual({ [latencyBucket(1000)]: 2, [latencyBucket(2000)]: 1 });
  });
});
