import { describe, expect, it } from "vitest";
import { IDLE_TIMEOUT_REASON, MAX_DURATION_REASON } from "@/gateway/tunnel/tunnel-sweep";
import type { ByteRecord } from "@/tests/helpers/raw-websocket";
import { decodeFrames, OP } from "@/tests/helpers/ws-frames";
import {
  closeFrameFor,
  closeLog,
  finish,
  framesIn,
  fromBackend,
  fromClient,
  limits,
  startTunnel,
  until,
  untilClose,
  useTunnelFixture,
} from "./tunnel-limits-fixture";

const time = useTunnelFixture();

describe("Tunnel with idle-timeout and max-connection-duration", () => {
  it("closes both sides with 1001 after the idle period without data", async () => {
    const h = await startTunnel(limits({ idleTimeoutMs: 300 }));
    time.clock.advance(299);
    expect(h.tunnel.closedBy).toBe(null);
    time.clock.advance(1);
    const clientBytes = await untilClose(h.clientGot);
    expect(decodeFrames(clientBytes)).toEqual([closeFrameFor("client", 1001, "idle timeout")]);
    expect(decodeFrames(await untilClose(h.backendGot))).toEqual([closeFrameFor("backend", 1001, IDLE_TIMEOUT_REASON)]);
    const t = await finish(h);
    expect(closeLog(t)).toEqual({ closedBy: "gateway", closeCode: 1001, closeReason: "idle timeout" });
  });

  it("restarts the idle period with data in either direction", async () => {
    const h = await startTunnel(limits({ idleTimeoutMs: 300 }));
    const started = time.clock.now();
    let lastSent = 0;
    for (let i = 0; i < 8; i++) {
      const [from, to] = i % 2 === 0 ? [h.client, h.backendGot] : [h.backend, h.clientGot];
      const before = to.bytes.length;
      from.write(i % 2 === 0 ? fromClient(OP.text, "tick") : fromBackend(OP.text, "tock"));
      lastSent = time.clock.now();
      await until("the message through the tunnel", () => to.bytes.length > before);
      time.clock.advance(100);
    }
    expect(time.clock.now() - started).toBeGreaterThan(700);
    expect(h.tunnel.closedBy).toBe(null);
    while (h.tunnel.closedBy === null) time.clock.advance(10);
    const clientBytes = await untilClose(h.clientGot);
    expect(time.clock.now() - lastSent).toBeGreaterThanOrEqual(300);
    expect(framesIn({ bytes: clientBytes } as ByteRecord).map((f) => f.opcode)).toEqual([OP.text, OP.text, OP.text, OP.text, OP.close]);
    expect(closeLog(h.tunnel)).toEqual({ closedBy: "gateway", closeCode: 1001, closeReason: "idle timeout" });
    await finish(h);
  });

  it("closes with 1001 at the maximum duration however busy the connection is", async () => {
    const h = await startTunnel(limits({ maxDurationMs: 400, idleTimeoutMs: 60_000 }));
    const started = time.clock.now();
    const busy = fromClient(OP.text, "busy");
    while (h.tunnel.closedBy === null) {
      const before = h.backendGot.bytes.length;
      h.client.write(busy);
      await until("the message through the tunnel", () => h.backendGot.bytes.length > before);
      time.clock.advance(20);
    }
    const clientBytes = await untilClose(h.clientGot);
    expect(time.clock.now() - started).toBeGreaterThanOrEqual(400);
    expect(decodeFrames(clientBytes)).toEqual([closeFrameFor("client", 1001, "maximum connection duration reached")]);
    expect(framesIn(h.backendGot).at(-1)).toEqual(closeFrameFor("backend", 1001, MAX_DURATION_REASON));
    const t = await finish(h);
    expect(closeLog(t)).toEqual({ closedBy: "gateway", closeCode: 1001, closeReason: "maximum connection duration reached" });
  });

  it("sweeps every timed tunnel with one timer, stopped when the last one ends", async () => {
    expect(time.sweep.state).toEqual({ tunnels: 0, periodMs: null });
    const a = await startTunnel(limits({ idleTimeoutMs: 300_000 }));
    expect(time.sweep.state).toEqual({ tunnels: 1, periodMs: 1000 });
    const b = await startTunnel(limits({ maxDurationMs: 200 }));
    expect(time.sweep.state).toEqual({ tunnels: 2, periodMs: 50 });
    expect(time.clock.timerCount).toBe(1);
    const plain = await startTunnel(limits({ maxInboundMessageBytes: 10 }));
    expect(time.sweep.state.tunnels).toBe(2);
    time.clock.advance(200);
    await untilClose(b.clientGot);
    expect(time.sweep.state.tunnels).toBe(1);
    await finish(b);
    a.tunnel.close(1000, "done");
    expect(time.sweep.state).toEqual({ tunnels: 0, periodMs: null });
    expect(time.clock.timerCount).toBe(0);
    await finish(a);
    plain.tunnel.destroy();
  });
});
