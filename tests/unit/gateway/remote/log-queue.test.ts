import { describe, expect, it } from "vitest";
import { HandshakeRecord } from "@/gateway/telemetry/handshake-record";
import { LogQueue } from "@/gateway/remote/log-queue";

function record(apiId = "echo"): HandshakeRecord {
  const r = new HandshakeRecord("edge", "127.0.0.1", "GET", "/echo");
  r.apiId = apiId;
  r.responseCode = 101;
  return r;
}

describe("LogQueue", () => {
  it("sends a record's insert and completion as one row when both are still queued", () => {
    const queue = new LogQueue(10);
    const r = record();
    queue.push(r);
    r.closedAt = r.time + 1000;
    r.closeCode = 1000;
    r.messagesInbound = 3;
    queue.push(r);
    expect(queue.pending).toBe(1);
    const batch = queue.take(10);
    expect(batch).toHaveLength(1);
    expect(batch[0]).toMatchObject({ id: r.id, gatewayId: "edge", responseCode: 101, closeCode: 1000, messagesInbound: 3 });
  });

  it("queues a completion as a row of its own once the insert has left", () => {
    const queue = new LogQueue(10);
    const r = record();
    queue.push(r);
    const first = queue.take(10);
    expect(first[0]!.closeCode).toBeNull();
    r.closeCode = 1001;
    queue.push(r);
    queue.settle(first, true);
    expect(queue.take(10)).toMatchObject([{ id: r.id, closeCode: 1001 }]);
  });

  it("drops past the bound, counts the drops per API, and counts rows in flight against it", () => {
    const dropped: (string | null)[] = [];
    const queue = new LogQueue(2, (api) => dropped.push(api));
    queue.push(record("a"));
    queue.push(record("b"));
    const inFlight = queue.take(1);
    queue.push(record("c"));
    expect(queue.pending).toBe(2);
    expect(queue.dropped).toBe(1);
    expect(dropped).toEqual(["c"]);
    queue.settle(inFlight, true);
    expect(queue.pending).toBe(1);
    expect(queue.shipped).toBe(1);
  });

  it("puts a failed batch back at the front, ahead of rows that came later", () => {
    const queue = new LogQueue(10);
    const [a, b, c] = [record("a"), record("b"), record("c")];
    queue.push(a);
    queue.push(b);
    const batch = queue.take(2);
    queue.push(c);
    queue.settle(batch, false);
    expect(queue.pending).toBe(3);
    expect(queue.take(10).map((row) => row.apiId)).toEqual(["a", "b", "c"]);
  });

  it("takes at most the batch size, oldest first", () => {
    const queue = new LogQueue(10);
    for (const api of ["a", "b", "c"]) queue.push(record(api));
    expect(queue.take(2).map((row) => row.apiId)).toEqual(["a", "b"]);
    expect(queue.take(2).map((row) => row.apiId)).toEqual(["c"]);
  });
});
