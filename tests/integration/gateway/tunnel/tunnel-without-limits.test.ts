import { describe, expect, it } from "vitest";
import { Tunnel, type TrafficCounters } from "@/gateway/tunnel/tunnel";
import { ByteRecord } from "@/tests/helpers/raw-websocket";
import { OP } from "@/tests/helpers/ws-frames";
import {
  fromClient,
  limits,
  pattern,
  socketPair,
  startTunnel,
  until,
  useTunnelFixture,
} from "./tunnel-limits-fixture";

useTunnelFixture();

describe("Tunnel without limits", () => {
  it("takes the plain relay for null and for all-zero limits, and the limited one otherwise", async () => {
    for (const l of [null, limits({}), limits({ idleTimeoutMs: 1000 })]) {
      const h = await startTunnel(l);
      if (h.tunnel instanceof Tunnel) expect([h.tunnel.inbound.limiter, h.tunnel.outbound.limiter]).toEqual([null, null]);
      const big = fromClient(OP.binary, pattern(70_000));
      h.client.write(big);
      await until("the message", () => h.backendGot.bytes.length === big.length);
      expect(h.backendGot.bytes).toEqual(big);
      h.tunnel.destroy();
    }
    const limited = await startTunnel(limits({ outboundRate: { calls: 1, periodMs: 1000 } }));
    if (limited.tunnel instanceof Tunnel) expect([limited.tunnel.inbound.limiter, limited.tunnel.outbound.limiter !== null]).toEqual([null, true]);
    limited.tunnel.destroy();
  });

  it("accepts the old constructor options (no limits key)", async () => {
    const [, gc] = await socketPair();
    const [gb, b] = await socketPair();
    const counters: TrafficCounters = { messagesInbound: 0, messagesOutbound: 0, bytesInbound: 0, bytesOutbound: 0 };
    const t = new Tunnel(gc, gb, counters, { closeTimeoutMs: 1000 }, () => {});
    t.start(fromClient(OP.text, "head"), Buffer.alloc(0));
    const got = new ByteRecord();
    b.on("data", (chunk: Buffer) => got.push(chunk));
    await until("the head", () => got.bytes.length === fromClient(OP.text, "head").length);
    expect(t.messagesInbound).toBe(1);
    t.destroy();
  });
});
