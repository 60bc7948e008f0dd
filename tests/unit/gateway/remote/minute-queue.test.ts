import { describe, expect, it } from "vitest";
import { mergeMinuteRows, MinuteQueue } from "@/gateway/remote/minute-queue";
import { toTelemetryMinuteRow } from "@/gateway/telemetry/telemetry-sql";
import type { MinuteMetricRow } from "@/gateway/telemetry/telemetry-sink";

function row(overrides: Partial<MinuteMetricRow> = {}): MinuteMetricRow {
  return {
    minute: 29_000_000,
    gatewayId: "edge",
    apiId: "echo",
    attemptsSucceeded: 1,
    attemptsFailed: 0,
    attemptsByCode: { "101": 1 },
    messagesInbound: 2,
    messagesOutbound: 3,
    bytesInbound: 20,
    bytesOutbound: 30,
    activeConnectionsPeak: 1,
    activeConnectionsLast: 1,
    handshakeP50Us: 900,
    handshakeP95Us: 1200,
    handshakeP99Us: 1500,
    handshakeHistogram: { "10": 1 },
    logRowsDropped: 0,
    ...overrides,
  };
}

describe("mergeMinuteRows", () => {
  it("adds counts and codes, keeps the larger peak and the later active count and percentiles", () => {
    const later = row({
      attemptsSucceeded: 2,
      attemptsFailed: 1,
      attemptsByCode: { "101": 2, "401": 1 },
      activeConnectionsPeak: 3,
      activeConnectionsLast: 0,
      handshakeP50Us: 700,
      handshakeP95Us: 800,
      handshakeP99Us: 900,
      handshakeHistogram: { "8": 3 },
      logRowsDropped: 4,
    });
    expect(mergeMinuteRows(row(), later)).toEqual(
      row({
        attemptsSucceeded: 3,
        attemptsFailed: 1,
        attemptsByCode: { "101": 3, "401": 1 },
        messagesInbound: 4,
        messagesOutbound: 6,
        bytesInbound: 40,
        bytesOutbound: 60,
        activeConnectionsPeak: 3,
        activeConnectionsLast: 0,
        handshakeP50Us: 700,
        handshakeP95Us: 800,
        handshakeP99Us: 900,
        handshakeHistogram: { "8": 3 },
        logRowsDropped: 4,
      }),
    );
  });

  it("keeps the earlier percentiles and histogram when the later row had no handshake", () => {
    const quiet = row({ attemptsSucceeded: 0, attemptsByCode: {}, handshakeP50Us: null, handshakeP95Us: null, handshakeP99Us: null, handshakeHistogram: {} });
    expect(mergeMinuteRows(row(), quiet)).toMatchObject({
      attemptsSucceeded: 1,
      attemptsByCode: { "101": 1 },
      handshakeP50Us: 900,
      handshakeP95Us: 1200,
      handshakeP99Us: 1500,
      handshakeHistogram: { "10": 1 },
    });
  });
});

describe("toTelemetryMinuteRow", () => {
  it("names the fields as the per-minute upsert's parameters, JSON as text", () => {
    expect(toTelemetryMinuteRow(row())).toEqual({
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
    });
  });
});

describe("MinuteQueue", () => {
  it("holds one row per minute and API however many flushes arrive while the portal is away", () => {
    const queue = new MinuteQueue();
    for (let i = 0; i < 12; i++) queue.push(row());
    queue.push(row({ apiId: "other" }));
    queue.push(row({ minute: 29_000_001 }));
    expect(queue.pending).toBe(3);
    expect(queue.take(10).map((r) => [r.minute, r.apiId, r.attemptsSucceeded])).toEqual([
      [29_000_000, "echo", 12],
      [29_000_000, "other", 1],
      [29_000_001, "echo", 1],
    ]);
  });

  it("merges a batch put back with what arrived meanwhile, older first", () => {
    const queue = new MinuteQueue();
    queue.push(row({ activeConnectionsLast: 5 }));
    const batch = queue.take(10);
    queue.push(row({ activeConnectionsLast: 2 }));
    queue.putBack(batch);
    expect(queue.take(10)).toMatchObject([{ attemptsSucceeded: 2, activeConnectionsLast: 2 }]);
  });

  it("drops and counts new rows past its bound, still merging into rows it holds", () => {
    const queue = new MinuteQueue(2);
    queue.push(row({ apiId: "a" }));
    queue.push(row({ apiId: "b" }));
    queue.push(row({ apiId: "c" }));
    queue.push(row({ apiId: "a" }));
    expect(queue.pending).toBe(2);
    expect(queue.dropped).toBe(1);
    expect(queue.take(10).map((r) => [r.apiId, r.attemptsSucceeded])).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
  });
});
