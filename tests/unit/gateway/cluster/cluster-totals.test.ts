import { describe, expect, it } from "vitest";
import { MergedTotals, reportTotals, type ApiTotalsReport } from "@/gateway/cluster/cluster-totals";
import { newLatencyHistogram, recordLatency } from "@/gateway/telemetry/latency-histogram";
import { GatewayMetrics } from "@/gateway/telemetry/metrics";

/** A worker's metrics with `active` open connections on API `echo` and what they relayed. */
function workerMetrics(traffic: { active: number; peak: number; attempts: [number, number][]; messagesInbound: number; latencyUs: number[] }): GatewayMetrics {
  const metrics = new GatewayMetrics("managed");
  const t = metrics.forApi("echo");
  t.active = traffic.active;
  t.peak = traffic.peak;
  for (const [code, n] of traffic.attempts) t.attempts.set(code, n);
  t.messagesInbound = traffic.messagesInbound;
  for (const us of traffic.latencyUs) recordLatency(t.latency, us);
  return metrics;
}

function round(...workers: [number, ApiTotalsReport[]][]): Map<number, ApiTotalsReport[]> {
  return new Map(workers);
}

describe("a gateway's totals merged from its workers", () => {
  it("hands over the worker's peak and latencies once and keeps its counters cumulative", () => {
    const metrics = workerMetrics({ active: 2, peak: 5, attempts: [[101, 7]], messagesInbound: 40, latencyUs: [1000, 2000] });
    const [first] = reportTotals(metrics);
    expect(first).toMatchObject({ api: "echo", active: 2, peak: 5, attempts: [[101, 7]], messagesInbound: 40 });
    expect(first!.latency.reduce((a, b) => a + b, 0)).toBe(2);
    const [second] = reportTotals(metrics);
    expect(second).toMatchObject({ active: 2, peak: 2, attempts: [[101, 7]], messagesInbound: 40 });
    expect(second!.latency.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it("sums counters and open connections over the workers, and adds only what each gained since its last report", () => {
    const a = workerMetrics({ active: 2, peak: 3, attempts: [[101, 3], [429, 1]], messagesInbound: 10, latencyUs: [500] });
    const b = workerMetrics({ active: 4, peak: 4, attempts: [[101, 4]], messagesInbound: 20, latencyUs: [700, 900] });
    const merged = new MergedTotals("managed");
    merged.merge(round([1, reportTotals(a)], [2, reportTotals(b)]));
    const t = merged.metrics.forApi("echo");
    expect([...t.attempts].sort()).toEqual([[101, 7], [429, 1]]);
    expect(t.messagesInbound).toBe(30);
    expect(t.active).toBe(6);
    expect(t.peak).toBe(7);
    expect(t.latency.reduce((x, y) => x + y, 0)).toBe(3);

    a.forApi("echo").messagesInbound = 15;
    a.forApi("echo").attempts.set(101, 4);
    b.forApi("echo").active = 1;
    merged.merge(round([1, reportTotals(a)], [2, reportTotals(b)]));
    expect(t.messagesInbound).toBe(35);
    expect(t.attempts.get(101)).toBe(8);
    expect(t.active).toBe(3);
  });

  it("counts a worker that missed a round with its last figure, and drops a worker that is gone", () => {
    const a = workerMetrics({ active: 2, peak: 2, attempts: [], messagesInbound: 0, latencyUs: [] });
    const b = workerMetrics({ active: 3, peak: 3, attempts: [], messagesInbound: 0, latencyUs: [] });
    const merged = new MergedTotals("managed");
    merged.merge(round([1, reportTotals(a)], [2, reportTotals(b)]));
    merged.merge(round([1, reportTotals(a)]));
    expect(merged.metrics.forApi("echo").active).toBe(5);
    merged.forget(2);
    merged.merge(round([1, reportTotals(a)]));
    expect(merged.metrics.forApi("echo").active).toBe(2);
  });

  it("starts a replacement worker's counters from zero instead of subtracting the dead one's", () => {
    const merged = new MergedTotals("managed");
    merged.merge(round([1, reportTotals(workerMetrics({ active: 0, peak: 0, attempts: [[101, 9]], messagesInbound: 50, latencyUs: [] }))]));
    merged.forget(1);
    merged.merge(round([3, reportTotals(workerMetrics({ active: 1, peak: 1, attempts: [[101, 1]], messagesInbound: 2, latencyUs: [] }))]));
    const t = merged.metrics.forApi("echo");
    expect(t.attempts.get(101)).toBe(10);
    expect(t.messagesInbound).toBe(52);
    expect(t.latency).toEqual(newLatencyHistogram());
  });
});
