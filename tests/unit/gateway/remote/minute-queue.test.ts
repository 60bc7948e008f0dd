import { describe, expect, it } from "vitest";
import { mergeMinuteRows, MinuteQueue, type ShippedMinuteRow } from "@/gateway/remote/minute-queue";

function row(overrides: Partial<ShippedMinuteRow> = {}): ShippedMinuteRow {
  return {
    minute: 29_000_000,
    gatewayId: "edge",
    apiId: "echo",
    succeeded: 1,
    failed: 0,
    byCode: '{"101":1}',
    messagesInbound: 2,
    messagesOutbound: 3,
    bytesInbound: 20,
    bytesOutbound: 30,
    peak: 1,
    active: 1,
    p50: 900,
    p95: 1200,
    p99: 1500,
    histogram: '{"10":1}',
    logRowsDropped: 0,
    ...overrides,
  };
}

describe("mergeMinuteRows", () => {
  it("adds counts and codes, keeps the larger peak and the later active count and percentiles", () => {
    const merged = mergeMinuteRows(
      row(),
      row({ succeeded: 2, failed: 1, byCode: '{"101":2,"401":1}', peak: 3, active: 0, p50: 700, p95: 800, p99: 900, histogram: '{"8":3}', logRowsDropped: 4 }),
    );
    expect(merged).toEqual(
      row({
        succeeded: 3,
        failed: 1,
        byCode: '{"101":3,"401":1}',
        messagesInbound: 4,
        messagesOutbound: 6,
        bytesInbound: 40,
        bytesOutbound: 60,
        peak: 3,
        active: 0,
        p50: 700,
        p95: 800,
        p99: 900,
        histogram: '{"8":3}',
        logRowsDropped: 4,
      }),
    );
  });

  it("keeps the earlier percentiles and histogram when the later row had no handshakes", () => {
    const merged = mergeMinuteRows(row(), row({ succeeded: 0, byCode: "{}", p50: null, p95: null, p99: null, histogram: "{}" }));
    expect(merged).toMatchObject({ succeeded: 1, byCode: '{"101":1}', p50: 900, p95: 1200, p99: 1500, histogram: '{"10":1}' });
  });
});

describe("MinuteQueue", () => {
  it("holds one row per minute and API however many flushes arrive while the portal is away", () => {
    const queue = new MinuteQueue();
    for (let i = 0; i < 12; i++) queue.push(row());
    queue.push(row({ apiId: "other" }));
    queue.push(row({ minute: 29_000_001 }));
    expect(queue.pending).toBe(3);
    const batch = queue.take(10);
    expect(batch.map((r) => [r.minute, r.apiId, r.succeeded])).toEqual([
      [29_000_000, "echo", 12],
      [29_000_000, "other", 1],
      [29_000_001, "echo", 1],
    ]);
  });

  it("merges a batch put back with what arrived meanwhile, older first", () => {
    const queue = new MinuteQueue();
    queue.push(row({ active: 5 }));
    const batch = queue.take(10);
    queue.push(row({ active: 2 }));
    queue.putBack(batch);
    expect(queue.take(10)).toMatchObject([{ succeeded: 2, active: 2 }]);
  });

  it("drops and counts new rows past its bound", () => {
    const queue = new MinuteQueue(2);
    queue.push(row({ apiId: "a" }));
    queue.push(row({ apiId: "b" }));
    queue.push(row({ apiId: "c" }));
    queue.push(row({ apiId: "a" }));
    expect(queue.pending).toBe(2);
    expect(queue.dropped).toBe(1);
  });
});
