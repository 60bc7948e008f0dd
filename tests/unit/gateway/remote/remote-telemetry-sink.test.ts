import { describe, expect, it } from "vitest";
import { Backoff } from "@/gateway/remote/backoff";
import type { PortalReply, PortalRequest } from "@/gateway/remote/portal-client";
import { RemoteTelemetrySink } from "@/gateway/remote/remote-telemetry-sink";
import { HandshakeRecord } from "@/gateway/telemetry/handshake-record";
import type { CloseRequest, TelemetryHandlers } from "@/gateway/telemetry/telemetry-sink";

/** A stand-in portal: records each request and answers from a script (204 by default). */
function fakePortal(answer: (request: PortalRequest) => PortalReply = () => ({ ok: true, status: 204, body: null })) {
  const requests: PortalRequest[] = [];
  return {
    requests,
    client: {
      send: async (request: PortalRequest) => {
        requests.push(request);
        return answer(request);
      },
    },
  };
}

function handlers(overrides: Partial<TelemetryHandlers> = {}): TelemetryHandlers & { dropped: (string | null)[]; closes: CloseRequest[][] } {
  const dropped: (string | null)[] = [];
  const closes: CloseRequest[][] = [];
  return { dropped, closes, onLogRowDropped: (api) => dropped.push(api), onCloseRequests: (r) => closes.push([...r]), ...overrides };
}

function record(apiId = "echo"): HandshakeRecord {
  const r = new HandshakeRecord("edge", "127.0.0.1", "GET", `/${apiId}`);
  r.apiId = apiId;
  r.responseCode = 101;
  return r;
}

const NETWORK_DOWN: PortalReply = { ok: false, kind: "network", message: "ECONNREFUSED", timedOut: false };

describe("RemoteTelemetrySink", () => {
  it("sends a connection's handshake and close as one row when both wait for the same batch", async () => {
    const portal = fakePortal();
    const sink = new RemoteTelemetrySink({ client: portal.client, instanceId: "i-1", maxQueue: 10, flushMs: 60_000 });
    await sink.start(handlers());
    const r = record();
    sink.pushLog(r);
    r.closedAt = r.time + 5;
    r.closeCode = 1000;
    sink.pushLog(r);
    await sink.flush();
    expect(portal.requests).toHaveLength(1);
    expect(portal.requests[0]).toMatchObject({ method: "POST", path: "/telemetry" });
    const body = portal.requests[0]!.body as { instanceId: string; logs: { id: string; closeCode: number }[]; minutes: unknown[] };
    expect(body.instanceId).toBe("i-1");
    expect(body.logs.map((row) => [row.id, row.closeCode])).toEqual([[r.id, 1000]]);
    expect(sink.status).toEqual({ pending: 0, dropped: 0, failing: null });
    await sink.stop();
  });

  it("holds rows while the portal is away, drops and counts past the bound per API, and delivers in order when it is back", async () => {
    let down = true;
    const portal = fakePortal(() => (down ? NETWORK_DOWN : { ok: true, status: 204, body: null }));
    const h = handlers();
    const sink = new RemoteTelemetrySink({ client: portal.client, instanceId: "i-1", maxQueue: 3, flushMs: 60_000, backoff: new Backoff({ random: () => 0 }) });
    await sink.start(h);
    for (const api of ["a", "b"]) sink.pushLog(record(api));
    await sink.flush();
    expect(sink.status).toEqual({ pending: 2, dropped: 0, failing: "portal unreachable: ECONNREFUSED" });
    for (const api of ["c", "d", "e"]) sink.pushLog(record(api));
    expect(sink.status.dropped).toBe(2);
    expect(h.dropped).toEqual(["d", "e"]);
    // The retry is not due yet (backoff): a timer tick sends nothing.
    await sink.flush();
    expect(portal.requests).toHaveLength(1);
    down = false;
    await sink.flush(true);
    const body = portal.requests[1]!.body as { logs: { apiId: string }[] };
    expect(body.logs.map((row) => row.apiId)).toEqual(["a", "b", "c"]);
    expect(sink.status).toEqual({ pending: 0, dropped: 2, failing: null });
    await sink.stop();
  });

  it("drops a batch the portal refuses as malformed instead of retrying it forever", async () => {
    const portal = fakePortal(() => ({ ok: false, kind: "status", status: 400, code: "ValidationError", message: "logs.0.url: too long" }));
    const h = handlers();
    const sink = new RemoteTelemetrySink({ client: portal.client, instanceId: "i-1", maxQueue: 10, flushMs: 60_000 });
    await sink.start(h);
    sink.pushLog(record("a"));
    await sink.flush();
    expect(sink.status).toEqual({ pending: 0, dropped: 1, failing: null });
    expect(h.dropped).toEqual(["a"]);
    await sink.stop();
  });

  it("hands each close request to the gateway once and acknowledges its outcome", async () => {
    let ackOk = false;
    const portal = fakePortal((request) => {
      if (request.path === "/close-requests") return { ok: true, status: 200, body: { requests: [{ id: "c1", connectionId: "log-1", reason: "Revoked" }] } };
      if (request.path === "/close-requests/ack") return ackOk ? { ok: true, status: 204, body: null } : NETWORK_DOWN;
      return { ok: true, status: 204, body: null };
    });
    const h = handlers();
    const sink = new RemoteTelemetrySink({ client: portal.client, instanceId: "i-1", maxQueue: 10, flushMs: 60_000, closePollMs: 60_000 });
    await sink.start(h);
    await sink.pollCloseRequests();
    expect(h.closes).toEqual([[{ id: "c1", logId: "log-1", reason: "Revoked" }]]);
    sink.closeRequestDone("c1", "closed");
    await new Promise((resolve) => setImmediate(resolve));
    await sink.pollCloseRequests(); // the portal still lists it (the ack failed): not handed over again
    expect(h.closes).toHaveLength(1);
    ackOk = true;
    await sink.stop(); // sends the acknowledgement that is still owed
    const acks = portal.requests.filter((r) => r.path === "/close-requests/ack").map((r) => r.body);
    expect(acks.at(-1)).toEqual({ results: [{ id: "c1", outcome: "closed" }] });
  });

  it("answers notFound only for a connection this instance handled, leaving the others to the instance that has them", async () => {
    const mine = record();
    const portal = fakePortal((request) =>
      request.path === "/close-requests"
        ? {
            ok: true,
            status: 200,
            body: {
              requests: [
                { id: "c-mine", connectionId: mine.id, reason: "Revoked" },
                { id: "c-other", connectionId: "log-of-another-instance", reason: "Revoked" },
              ],
            },
          }
        : { ok: true, status: 204, body: null },
    );
    const sink = new RemoteTelemetrySink({ client: portal.client, instanceId: "i-1", maxQueue: 10, flushMs: 60_000, closePollMs: 60_000 });
    await sink.start(handlers());
    sink.pushLog(mine);
    await sink.pollCloseRequests();
    sink.closeRequestDone("c-mine", "notFound");
    sink.closeRequestDone("c-other", "notFound");
    await sink.stop();
    const acks = portal.requests.filter((r) => r.path === "/close-requests/ack").map((r) => r.body);
    expect(acks).toEqual([{ results: [{ id: "c-mine", outcome: "notFound" }] }]);
  });

  it("reports the heartbeat in the protocol's words", async () => {
    const portal = fakePortal();
    const sink = new RemoteTelemetrySink({ client: portal.client, instanceId: "i-9", maxQueue: 10, workers: 2 });
    await sink.start(handlers());
    sink.heartbeat({ gatewayId: "edge", host: "edge-1", version: "0.1.0", revision: null, openConnections: 4, at: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(portal.requests.map((r) => [r.path, r.body])).toEqual([
      ["/heartbeat", { instanceId: "i-9", host: "edge-1", version: "0.1.0", revision: 0, connections: 4, workers: 2 }],
    ]);
    await sink.stop();
  });

  it("sends at most 500 rows a batch (the README's promise), halves a batch the portal finds too large and grows back", async () => {
    let tooLargeOver = Infinity;
    const portal = fakePortal((request) => {
      const { logs } = request.body as { logs: unknown[] };
      return logs.length > tooLargeOver ? { ok: false, kind: "status", status: 413, code: "PayloadTooLarge", message: "too large" } : { ok: true, status: 204, body: null };
    });
    const sink = new RemoteTelemetrySink({ client: portal.client, instanceId: "i-1", maxQueue: 5_000, flushMs: 60_000 });
    await sink.start(handlers());
    const sent = () => portal.requests.map((r) => (r.body as { logs: unknown[] }).logs.length);
    for (let i = 0; i < 1_201; i++) sink.pushLog(record(`api-${i}`));
    for (let i = 0; i < 3; i++) await sink.flush(true);
    expect(sent()).toEqual([500, 500, 201]);

    portal.requests.length = 0;
    tooLargeOver = 150;
    for (let i = 0; i < 600; i++) sink.pushLog(record(`api-${i}`));
    while (sink.status.pending > 0) await sink.flush(true);
    // 500 refused, then 250 refused, then 125s taken while the batch grows back: 250 refused again, and so on.
    expect(sent().slice(0, 4)).toEqual([500, 250, 125, 250]);
    expect(sent().filter((n) => n <= 150).reduce((a, b) => a + b, 0)).toBe(600);
    expect(sink.status).toEqual({ pending: 0, dropped: 0, failing: null });
    await sink.stop();
  });
});
