import { describe, expect, it, vi } from "vitest";
import {
  answerCounterBatch,
  IpcCounterStore,
  isCounterBatch,
  type CounterAnswers,
  type CounterBatch,
} from "@/gateway/policies/counters/ipc-counter-store";
import { MemoryCounterStore } from "@/gateway/policies/counters/memory-counter-store";
import type { QuotaLimit } from "@/gateway/policies/policy";
import { HIT_CASES, QUOTA_CASES } from "../../../../helpers/counter-store-cases";

/** A worker's channel whose batches the test hands to the primary (or withholds) itself. */
function fakeChannel() {
  const sent: CounterBatch[] = [];
  const flushes: (() => void)[] = [];
  let open = true;
  return {
    sent,
    channel: { send: (m: CounterBatch) => (open ? (sent.push(m), true) : false) },
    defer: (flush: () => void) => flushes.push(flush),
    /** Ends the current "event-loop turn": the deferred flushes run. */
    endTurn: () => flushes.splice(0).forEach((f) => f()),
    close: () => (open = false),
  };
}

/** Two workers' stores wired to one primary store, answering each batch as the primary does. */
function cluster(store = new MemoryCounterStore({ sweepIntervalMs: 0 })) {
  const worker = () => {
    const stores: IpcCounterStore[] = [];
    const ipc = new IpcCounterStore(
      { send: (batch) => (queueMicrotask(() => stores[0]!.receive(structuredClone(answerCounterBatch(store, structuredClone(batch))))), true) },
      { defer: (f) => setImmediate(f) },
    );
    stores.push(ipc);
    return ipc;
  };
  return { store, workers: [worker(), worker()] };
}

const hour: QuotaLimit = { calls: 2, bytes: 0, periodMs: 3_600_000, anchorMs: 0 };

describe("the IPC counter store", () => {
  it("sends the calls of one event-loop turn as one batch, each with its own id", () => {
    const fake = fakeChannel();
    const ipc = new IpcCounterStore(fake.channel, { defer: fake.defer });
    void ipc.hit("a", 10, 1000, 5, 1);
    void ipc.quota("b", hour, 5, 1, 0);
    void ipc.hit("c", 3, 2000, 5, 0);
    expect(fake.sent).toEqual([]);
    fake.endTurn();
    expect(fake.sent).toEqual([
      {
        type: "portcullis:counters",
        requests: [
          [1, "hit", "a", 10, 1000, 5, 1],
          [2, "quota", "b", hour, 5, 1, 0],
          [3, "hit", "c", 3, 2000, 5, 0],
        ],
      },
    ]);
    expect(isCounterBatch(fake.sent[0])).toBe(true);
  });

  it("settles each call with the answer carrying its id, whatever the order the answers come in", async () => {
    const fake = fakeChannel();
    const ipc = new IpcCounterStore(fake.channel, { defer: fake.defer });
    const first = ipc.hit("a", 10, 1000, 5, 1);
    const second = ipc.hit("a", 10, 1000, 5, 1);
    fake.endTurn();
    const answers: CounterAnswers = {
      type: "portcullis:counters-answers",
      answers: [
        [2, { allowed: false, remaining: 0, retryAfterMs: 700 }],
        [1, { allowed: true, remaining: 9, retryAfterMs: 0 }],
      ],
    };
    expect(ipc.receive(answers)).toBe(true);
    await expect(first).resolves.toEqual({ allowed: true, remaining: 9, retryAfterMs: 0 });
    await expect(second).resolves.toEqual({ allowed: false, remaining: 0, retryAfterMs: 700 });
    expect(ipc.waiting).toBe(0);
  });

  it("leaves messages that are not counter answers to their owners", () => {
    const ipc = new IpcCounterStore(fakeChannel().channel);
    expect(ipc.receive({ type: "prom-client:getMetricsReq", requestId: 1 })).toBe(false);
    expect(ipc.receive("hello")).toBe(false);
  });

  it("does not let a second call wait for the first one's answer (pipelined)", async () => {
    const fake = fakeChannel();
    const ipc = new IpcCounterStore(fake.channel, { defer: fake.defer });
    void ipc.hit("a", 10, 1000, 5, 1);
    fake.endTurn();
    void ipc.hit("a", 10, 1000, 6, 1);
    fake.endTurn();
    expect(fake.sent.map((b) => b.requests.map((r) => r[0]))).toEqual([[1], [2]]);
  });

  it("lets exactly 30 of 90 concurrent handshakes spread over two workers through calls=30, counted in the one primary store", async () => {
    const { workers } = cluster();
    const results = await Promise.all(Array.from({ length: 90 }, (_, i) => workers[i % 2]!.hit("rate-limit-by-key|client", 30, 60_000, 1000, 1)));
    expect(results.filter((r) => r.allowed)).toHaveLength(30);
    expect(results.filter((r) => !r.allowed)).toHaveLength(60);
    // Each allowed call was told what it left, 29 down to 0, once each, across both workers.
    expect(results.filter((r) => r.allowed).map((r) => r.remaining).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it("carries a lifetime quota's Infinity renewal through the answer", async () => {
    const { workers } = cluster();
    const lifetime: QuotaLimit = { calls: 1, bytes: 0, periodMs: 0, anchorMs: 0 };
    await expect(workers[0]!.quota("q", lifetime, 1000, 1, 0)).resolves.toEqual({ allowed: true, exceeded: null, renewsInMs: Infinity });
    await expect(workers[1]!.quota("q", lifetime, 1001, 1, 0)).resolves.toEqual({ allowed: false, exceeded: "calls", renewsInMs: Infinity });
  });

  it("lets a call through when the primary does not answer in time, tells once per burst, and ignores the late answer", async () => {
    vi.useFakeTimers();
    try {
      const fake = fakeChannel();
      const onFailOpen = vi.fn();
      const ipc = new IpcCounterStore(fake.channel, { defer: fake.defer, timeoutMs: 1000, onFailOpen });
      const calls = [ipc.hit("a", 10, 60_000, 5, 1), ipc.quota("b", hour, 5, 1, 0)];
      fake.endTurn();
      vi.advanceTimersByTime(1000);
      await expect(calls[0]).resolves.toEqual({ allowed: true, remaining: 9, retryAfterMs: 0 });
      await expect(calls[1]).resolves.toEqual({ allowed: true, exceeded: null, renewsInMs: 3_600_000 });
      expect(onFailOpen.mock.calls).toEqual([["no answer from the gateway's primary within 1000 ms", 1]]);
      expect(ipc.failedOpen).toBe(2);
      expect(ipc.receive({ type: "portcullis:counters-answers", answers: [[1, { allowed: false, remaining: 0, retryAfterMs: 5 }]] })).toBe(true);
      // An answer arrived: the next failure is a new burst, told again.
      void ipc.hit("a", 10, 60_000, 6, 1);
      fake.endTurn();
      vi.advanceTimersByTime(1000);
      expect(onFailOpen).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("lets every waiting and later call through once the channel to the primary is gone", async () => {
    const fake = fakeChannel();
    const onFailOpen = vi.fn();
    const ipc = new IpcCounterStore(fake.channel, { defer: fake.defer, onFailOpen });
    const waiting = ipc.hit("a", 1, 60_000, 5, 1);
    fake.close();
    fake.endTurn();
    await expect(waiting).resolves.toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    await expect(ipc.hit("a", 1, 60_000, 6, 1)).resolves.toMatchObject({ allowed: true });
    expect(onFailOpen.mock.calls).toEqual([["the IPC channel to the gateway's primary process is closed", 1]]);
    expect(ipc.failedOpen).toBe(2);
  });
});

describe("the IPC counter store answers as every counter store does (through a primary's memory store)", () => {
  for (const c of [...HIT_CASES, ...QUOTA_CASES]) it(c.name, () => c.run(cluster().workers[0]!));
});
