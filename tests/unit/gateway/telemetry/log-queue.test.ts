import { describe, expect, it } from "vitest";
import { LogQueue } from "@/gateway/telemetry/log-queue";

const row = (n: number) => ({ n });

describe("LogQueue", () => {
  it("drops and counts rows past the bound, counting rows in flight toward it", () => {
    const queue = new LogQueue<{ n: number }>(3);
    expect([queue.push(row(1)), queue.push(row(2))]).toEqual([true, true]);
    expect(queue.take()).toHaveLength(2);
    expect(queue.pending).toBe(2);
    expect(queue.push(row(3))).toBe(true);
    expect(queue.push(row(4))).toBe(false);
    expect(queue.dropped).toBe(1);
    queue.settle(2);
    expect(queue.pending).toBe(1);
    expect(queue.push(row(5))).toBe(true);
  });

  it("queues a row pushed twice once, and again once it was taken", () => {
    const queue = new LogQueue<{ n: number }>(10);
    const r = row(1);
    queue.push(r);
    queue.push(r);
    expect(queue.size).toBe(1);
    expect(queue.take()).toEqual([r]);
    queue.push(r);
    expect(queue.size).toBe(1);
    expect(queue.pending).toBe(2);
  });

  it("takes oldest first, at most the limit", () => {
    const queue = new LogQueue<{ n: number }>(10);
    for (let n = 1; n <= 5; n++) queue.push(row(n));
    expect(queue.take(2).map((r) => r.n)).toEqual([1, 2]);
    expect(queue.take().map((r) => r.n)).toEqual([3, 4, 5]);
    expect(queue.sending).toBe(5);
  });

  it("counts rows the writer settled as dropped", () => {
    const queue = new LogQueue<{ n: number }>(10);
    queue.push(row(1));
    queue.push(row(2));
    queue.take();
    queue.settle(2, 2);
    expect({ pending: queue.pending, dropped: queue.dropped }).toEqual({ pending: 0, dropped: 2 });
  });
});
