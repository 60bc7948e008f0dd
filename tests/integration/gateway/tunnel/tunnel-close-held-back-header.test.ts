import { describe, expect, it } from "vitest";
import { decodeFrames, OP } from "@/tests/helpers/ws-frames";
import {
  closeFrameFor,
  finish,
  fromClient,
  limits,
  pattern,
  startTunnel,
  until,
  untilClose,
  useTunnelFixture,
} from "./tunnel-limits-fixture";

useTunnelFixture();

describe("Tunnel.close with a header held back", () => {
  it("puts the gateway's Close before a frame whose header had only partly arrived, and drops that frame", async () => {
    const h = await startTunnel(limits({ maxInboundMessageBytes: 1000 }));
    const first = fromClient(OP.text, "whole");
    const next = fromClient(OP.binary, pattern(300));
    h.client.write(Buffer.concat([first, next.subarray(0, 3)])); // 3 of the 8 header bytes
    await until("the whole frame", () => h.backendGot.bytes.length === first.length);
    // No wait for "nothing more": the backend's bytes below end [first, Close], which they could
    // not if any of the 3 header bytes had gone through.
    expect(h.backendGot.bytes).toEqual(first);
    h.tunnel.close(1001, "Gateway shutting down");
    const backendBytes = await untilClose(h.backendGot);
    expect(decodeFrames(backendBytes)).toEqual([decodeFrames(first)[0], closeFrameFor("backend", 1001, "Gateway shutting down")]);
    h.client.write(next.subarray(3));
    await finish(h);
    expect(await h.backendGot.ended).toEqual(backendBytes);
  });

  it("relays the head bytes read past the handshakes through the limits", async () => {
    const head = Buffer.concat([fromClient(OP.text, "ok"), fromClient(OP.text, "x".repeat(20))]);
    const h = await startTunnel(limits({ maxInboundMessageBytes: 10 }), { client: head });
    const backendBytes = await untilClose(h.backendGot);
    expect(decodeFrames(backendBytes)).toEqual([decodeFrames(fromClient(OP.text, "ok"))[0], closeFrameFor("backend", 1009, "message too big: limit 10 bytes")]);
    await finish(h);
  });
});
