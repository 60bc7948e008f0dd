import { describe, expect, it } from "vitest";
import type { LogRowsMessage } from "@/gateway/cluster/cluster-messages";
import { ForwardingTelemetrySink } from "@/gateway/cluster/forwarding-telemetry-sink";
import { HandshakeRecord } from "@/gateway/telemetry/handshake-record";

function record(apiId = "echo"): HandshakeRecord {
  const r = new HandshakeRecord("edge", "127.0.0.1", "GET", "/echo");
  r.apiId = apiId;
  r.responseCode = 101;
  return r;
}

/** A sink whose channel writes when `written` is called (as process.send calls back once the message is out). */
function sink(maxQueue = 1000, connected = true) {
  const messages: LogRowsMessage[] = [];
  const pendingDone: (() => void)[] = [];
  const dropped: (string | null)[] = [];
  const forwarding = new ForwardingTelemetrySink({
    send: (message, done) => {
      if (!connected) return false;
      messages.push(message);
      pendingDone.push(done);
      return true;
    },
    maxQueue,
    flushMs: 60_000,
    enabled: true,
  });
  void forwarding.start({ onLogRowDropped: (apiId) => dropped.push(apiId), onCloseRequests: () => {} });
  return { forwarding, messages, written: () => pendingDone.splice(0).forEach((done) => done()), dropped };
}

describe("ForwardingTelemetrySink (a self-hosted gateway's worker)", () => {
  it("forwards rows copied when sent, so a completion after the insert left goes as a row of its own", () => {
    const { forwarding, messages, written } = sink();
    const r = record();
    forwarding.pushLog(r);
    forwarding.flush();
    r.closeCode = 1000;
    forwarding.pushLog(r);
    forwarding.flush();
    expect(messages.map((m) => m.type)).toEqual(["portcullis:log-rows", "portcullis:log-rows"]);
    expect(messages[0]!.rows).toMatchObject([{ id: r.id, closeCode: null }]);
    expect(messages[1]!.rows).toMatchObject([{ id: r.id, closeCode: 1000 }]);
    expect(forwarding.status).toEqual({ pending: 2, dropped: 0, failing: null });
    written();
    expect(forwarding.status).toEqual({ pending: 0, dropped: 0, failing: null });
  });

  it("counts rows the channel has not written against its bound, and drops past it per API", () => {
    const { forwarding, written, dropped } = sink(2);
    forwarding.pushLog(record("a"));
    forwarding.pushLog(record("b"));
    forwarding.flush();
    forwarding.pushLog(record("c"));
    expect(dropped).toEqual(["c"]);
    expect(forwarding.status).toEqual({ pending: 2, dropped: 1, failing: null });
    written();
    forwarding.pushLog(record("d"));
    expect(forwarding.status.pending).toBe(1);
  });

  it("keeps the rows when the primary's channel is closed", () => {
    const { forwarding, messages } = sink(10, false);
    forwarding.pushLog(record());
    forwarding.flush();
    expect(messages).toEqual([]);
    expect(forwarding.status.pending).toBe(1);
  });

  it("stops once the channel has written the last rows", async () => {
    const { forwarding, messages, written } = sink();
    forwarding.pushLog(record());
    let stopped = false;
    const stopping = forwarding.stop().then(() => (stopped = true));
    expect(messages).toHaveLength(1);
    await Promise.resolve();
    expect(stopped).toBe(false);
    written();
    await stopping;
    expect(stopped).toBe(true);
  });
});
