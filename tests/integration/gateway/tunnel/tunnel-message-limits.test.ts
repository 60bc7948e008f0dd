import { describe, expect, it, vi } from "vitest";
import { messageTooBigReason, RATE_LIMIT_REASON } from "@/gateway/tunnel/tunnel";
import { writeBytes } from "@/tests/helpers/raw-websocket";
import { decodeFrames, OP } from "@/tests/helpers/ws-frames";
import {
  closeFrameFor,
  closeLog,
  finish,
  fromBackend,
  fromClient,
  limits,
  pattern,
  relay,
  startTunnel,
  until,
  untilClose,
  useTunnelFixture,
} from "./tunnel-limits-fixture";

useTunnelFixture();

describe("Tunnel with limit-message-size, inbound", () => {
  const LIMIT = 1000;
  const tooBig = messageTooBigReason(LIMIT);

  it("relays a message of exactly the limit, then closes both sides with 1009 at limit + 1, the backend never receiving that payload", async () => {
    const h = await startTunnel(limits({ maxInboundMessageBytes: LIMIT }));
    const exact = fromClient(OP.binary, pattern(LIMIT));
    h.client.write(exact);
    await until("the exact-limit message", () => h.backendGot.bytes.length === exact.length);
    expect(h.backendGot.bytes).toEqual(exact);
    expect(h.clientGot.bytes.length).toBe(0);

    h.client.write(fromClient(OP.binary, pattern(LIMIT + 1, 9)));
    const backendBytes = await untilClose(h.backendGot);
    const clientBytes = await untilClose(h.clientGot);
    expect(tooBig).toBe("message too big: limit 1000 bytes");
    expect(decodeFrames(backendBytes.subarray(exact.length))).toEqual([closeFrameFor("backend", 1009, tooBig)]);
    expect(backendBytes.subarray(0, exact.length)).toEqual(exact);
    expect(decodeFrames(clientBytes)).toEqual([closeFrameFor("client", 1009, tooBig)]);
    expect(closeLog(h.tunnel)).toEqual({ closedBy: "gateway", closeCode: 1009, closeReason: tooBig });

    const t = await finish(h);
    expect(closeLog(t)).toEqual({ closedBy: "gateway", closeCode: 1009, closeReason: tooBig });
    expect([t.messagesInbound, h.counters.messagesInbound]).toEqual([1, 1]);
    // Nothing more reached the backend after the gateway's Close.
    expect(await h.backendGot.ended).toEqual(backendBytes);
  });

  it("forwards the messages before the oversized one in the same chunk and cuts exactly at its first byte", async () => {
    const h = await startTunnel(limits({ maxInboundMessageBytes: LIMIT }));
    const before = Buffer.concat([fromClient(OP.text, "a".repeat(10)), fromClient(OP.ping, "p"), fromClient(OP.binary, pattern(LIMIT))]);
    h.client.write(Buffer.concat([before, fromClient(OP.binary, pattern(5000)), fromClient(OP.text, "after")]));
    const backendBytes = await untilClose(h.backendGot);
    expect(backendBytes.subarray(0, before.length)).toEqual(before);
    expect(decodeFrames(backendBytes.subarray(before.length))).toEqual([closeFrameFor("backend", 1009, tooBig)]);
    expect(decodeFrames(await untilClose(h.clientGot))).toEqual([closeFrameFor("client", 1009, tooBig)]);
    const t = await finish(h);
    expect(t.messagesInbound).toBe(2);
  });

  it("closes when fragments with a ping between them add up past the limit, forwarding the fragments and pings before", async () => {
    const h = await startTunnel(limits({ maxInboundMessageBytes: 100 }));
    const allowed = Buffer.concat([
      fromClient(OP.text, "x".repeat(60), false),
      fromClient(OP.ping, "between"),
      fromClient(OP.continuation, "y".repeat(40), false), // 100 so far: still allowed
      fromClient(OP.pong),
    ]);
    h.client.write(allowed);
    await until("the allowed fragments", () => h.backendGot.bytes.length === allowed.length);
    h.client.write(fromClient(OP.continuation, "z", true)); // 101
    const backendBytes = await untilClose(h.backendGot);
    expect(backendBytes.subarray(0, allowed.length)).toEqual(allowed);
    expect(decodeFrames(backendBytes.subarray(allowed.length))).toEqual([closeFrameFor("backend", 1009, "message too big: limit 100 bytes")]);
    expect(decodeFrames(await untilClose(h.clientGot))).toEqual([closeFrameFor("client", 1009, "message too big: limit 100 bytes")]);
    const t = await finish(h);
    expect(t.messagesInbound).toBe(0);
  });

  it("relays a fragmented message of exactly the limit", async () => {
    const h = await startTunnel(limits({ maxInboundMessageBytes: 100 }));
    const message = Buffer.concat([fromClient(OP.binary, pattern(50), false), fromClient(OP.ping), fromClient(OP.continuation, pattern(50, 3))]);
    h.client.write(message);
    await until("the message", () => h.backendGot.bytes.length === message.length);
    expect(h.backendGot.bytes).toEqual(message);
    expect(h.tunnel.closedBy).toBe(null);
    expect(h.tunnel.messagesInbound).toBe(1);
  });

  it("enforces the limit exactly when every byte arrives in a chunk of its own, headers included", async () => {
    // 126 bytes and more use a 16-bit length: the header straddles several reads.
    const h = await startTunnel(limits({ maxInboundMessageBytes: 130 }));
    const exact = Buffer.concat([fromClient(OP.text, "q".repeat(130)), fromClient(OP.ping, "p")]);
    await writeBytes(h.client, Buffer.concat([exact, fromClient(OP.text, "r".repeat(131))]), "bytewise");
    const backendBytes = await untilClose(h.backendGot);
    expect(backendBytes.subarray(0, exact.length)).toEqual(exact);
    expect(decodeFrames(backendBytes.subarray(exact.length))).toEqual([closeFrameFor("backend", 1009, "message too big: limit 130 bytes")]);
    expect(decodeFrames(await untilClose(h.clientGot))).toEqual([closeFrameFor("client", 1009, "message too big: limit 130 bytes")]);
    const t = await finish(h);
    expect([t.messagesInbound, t.closeCode]).toEqual([1, 1009]);
  });

  it("does not limit the other direction", async () => {
    const h = await startTunnel(limits({ maxInboundMessageBytes: 10 }));
    const big = fromBackend(OP.binary, pattern(5000));
    h.backend.write(big);
    await until("the backend's big message", () => h.clientGot.bytes.length === big.length);
    expect(h.clientGot.bytes).toEqual(big);
    expect(h.tunnel.closedBy).toBe(null);
  });
});

describe("Tunnel with limit-message-size, outbound", () => {
  it("closes both sides with 1009 when the backend sends limit + 1 bytes, the client never receiving that payload", async () => {
    const h = await startTunnel(limits({ maxOutboundMessageBytes: 2048 }));
    const exact = fromBackend(OP.text, "o".repeat(2048));
    h.backend.write(Buffer.concat([exact, fromBackend(OP.binary, pattern(2049))]));
    const clientBytes = await untilClose(h.clientGot);
    expect(clientBytes.subarray(0, exact.length)).toEqual(exact);
    expect(decodeFrames(clientBytes.subarray(exact.length))).toEqual([closeFrameFor("client", 1009, "message too big: limit 2048 bytes")]);
    expect(decodeFrames(await untilClose(h.backendGot))).toEqual([closeFrameFor("backend", 1009, "message too big: limit 2048 bytes")]);
    const t = await finish(h);
    expect(closeLog(t)).toEqual({ closedBy: "gateway", closeCode: 1009, closeReason: "message too big: limit 2048 bytes" });
    expect([t.messagesOutbound, t.messagesInbound]).toEqual([1, 0]);
    // The backend's Close answer is not relayed: the client saw the gateway's Close only.
    expect(decodeFrames((await h.clientGot.ended).subarray(exact.length))).toEqual([closeFrameFor("client", 1009, "message too big: limit 2048 bytes")]);
  });

  it("waits for the end of the client's frame in flight before sending the backend its Close", async () => {
    const h = await startTunnel(limits({ maxOutboundMessageBytes: 10, maxInboundMessageBytes: 100_000 }));
    const inFlight = fromClient(OP.binary, pattern(3000));
    h.client.write(inFlight.subarray(0, 1000));
    await until("the first part of the client's frame", () => h.backendGot.bytes.length === 1000);
    h.backend.write(fromBackend(OP.text, "x".repeat(11)));
    expect(decodeFrames(await untilClose(h.clientGot))).toEqual([closeFrameFor("client", 1009, "message too big: limit 10 bytes")]);
    // No Close inside the frame: the backend's bytes below are the whole frame, then the Close.
    expect(h.backendGot.bytes.length).toBe(1000);
    h.client.write(inFlight.subarray(1000));
    const backendBytes = await untilClose(h.backendGot);
    expect(backendBytes.subarray(0, inFlight.length)).toEqual(inFlight);
    expect(decodeFrames(backendBytes.subarray(inFlight.length))).toEqual([closeFrameFor("backend", 1009, "message too big: limit 10 bytes")]);
    await finish(h);
  });
});

describe("Tunnel with rate-limit-messages", () => {
  it("relays N messages and closes both sides with 1008 at N + 1, which is not forwarded", async () => {
    const h = await startTunnel(limits({ inboundRate: { calls: 5, periodMs: 60_000 } }));
    const five = Buffer.concat(Array.from({ length: 5 }, (_, i) => fromClient(OP.text, `m${i}`)));
    h.client.write(five);
    await until("five messages", () => h.backendGot.bytes.length === five.length);
    h.client.write(fromClient(OP.text, "m5"));
    const backendBytes = await untilClose(h.backendGot);
    expect(backendBytes.subarray(0, five.length)).toEqual(five);
    expect(decodeFrames(backendBytes.subarray(five.length))).toEqual([closeFrameFor("backend", 1008, RATE_LIMIT_REASON)]);
    expect(decodeFrames(await untilClose(h.clientGot))).toEqual([closeFrameFor("client", 1008, RATE_LIMIT_REASON)]);
    const t = await finish(h);
    expect(closeLog(t)).toEqual({ closedBy: "gateway", closeCode: 1008, closeReason: "message rate limit exceeded" });
    expect(t.messagesInbound).toBe(5);
  });

  it("counts a fragmented message once and control frames not at all", async () => {
    const h = await startTunnel(limits({ inboundRate: { calls: 2, periodMs: 60_000 } }));
    const two = Buffer.concat([
      fromClient(OP.text, "a", false),
      fromClient(OP.ping),
      fromClient(OP.continuation, "b", false),
      fromClient(OP.continuation, "c"),
      fromClient(OP.pong),
      fromClient(OP.ping),
      fromClient(OP.binary, pattern(3)),
    ]);
    h.client.write(Buffer.concat([two, fromClient(OP.text, "third", false), fromClient(OP.continuation, "!")]));
    const backendBytes = await untilClose(h.backendGot);
    expect(backendBytes.subarray(0, two.length)).toEqual(two);
    expect(decodeFrames(backendBytes.subarray(two.length))).toEqual([closeFrameFor("backend", 1008, RATE_LIMIT_REASON)]);
    await finish(h);
  });

  it("allows N more messages once the period has passed", async () => {
    // The JS relay's rate window reads Date.now: only Date is faked, so sockets and their timers
    // stay real. The native relay's window runs on its thread's monotonic clock, which no fake
    // reaches: there the period really passes.
    const start = Date.now();
    if (relay === null) vi.setSystemTime(start);
    const h = await startTunnel(limits({ inboundRate: { calls: 3, periodMs: 300 } }));
    const three = Buffer.concat([fromClient(OP.text, "1"), fromClient(OP.text, "2"), fromClient(OP.text, "3")]);
    h.client.write(three);
    await until("the first three", () => h.backendGot.bytes.length === three.length);
    if (relay === null) vi.setSystemTime(start + 300);
    else await new Promise((resolve) => setTimeout(resolve, 300));
    h.client.write(three);
    await until("three more", () => h.backendGot.bytes.length === 2 * three.length);
    h.client.write(fromClient(OP.text, "4"));
    const backendBytes = await untilClose(h.backendGot);
    expect(decodeFrames(backendBytes.subarray(2 * three.length))).toEqual([closeFrameFor("backend", 1008, RATE_LIMIT_REASON)]);
    const t = await finish(h);
    expect(t.messagesInbound).toBe(6);
  });

  it("limits the backend's messages with an outbound rate, the client getting N", async () => {
    const h = await startTunnel(limits({ outboundRate: { calls: 4, periodMs: 60_000 }, inboundRate: null }));
    const four = Buffer.concat(Array.from({ length: 4 }, (_, i) => fromBackend(OP.binary, pattern(200, i))));
    await writeBytes(h.backend, Buffer.concat([four, fromBackend(OP.binary, pattern(200, 4))]).subarray(0, four.length + 5), "bytewise");
    const clientBytes = await untilClose(h.clientGot);
    expect(clientBytes.subarray(0, four.length)).toEqual(four);
    expect(decodeFrames(clientBytes.subarray(four.length))).toEqual([closeFrameFor("client", 1008, RATE_LIMIT_REASON)]);
    expect(decodeFrames(await untilClose(h.backendGot))).toEqual([closeFrameFor("backend", 1008, RATE_LIMIT_REASON)]);
    await finish(h);
  });
});

describe("messageTooBigReason", () => {
  it("fits a Close reason (123 bytes) for any safe limit", () => {
    expect(messageTooBigReason(65536)).toBe("message too big: limit 65536 bytes");
    expect(Buffer.byteLength(messageTooBigReason(Number.MAX_SAFE_INTEGER))).toBeLessThanOrEqual(123);
  });
});
