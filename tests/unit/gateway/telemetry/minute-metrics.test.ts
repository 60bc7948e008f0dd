import { describe, expect, it } from "vitest";
import { GatewayMetrics } from "@/gateway/telemetry/metrics";
import { MinuteMetricsCollector } from "@/gateway/telemetry/minute-metrics";

describe("per-minute deltas of counters another thread keeps counting", () => {
  it("add up to the counters' totals even when every read sees a larger value", () => {
    const metrics = new GatewayMetrics("g1");
    const totals = metrics.forApi("echo");
    // As the native relay's read-through counters: its thread counts between any two reads.
    let bytes = 0;
    Object.defineProperty(totals, "bytesOutbound", { get: () => (bytes += 7), set: () => {}, configurable: true });
    const collector = new MinuteMetricsCollector(metrics);
    let flushed = 0;
    for (let i = 0; i < 5; i++) for (const row of collector.collect(60_000 * 100)) flushed += row.bytesOutbound;
    expect(flushed).toBe(bytes);
  });
});
