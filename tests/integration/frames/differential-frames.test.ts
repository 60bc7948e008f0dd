import { deflateRawSync, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { acceptFor, type RawClient } from "@/tests/helpers/raw-websocket";
import { closePayload, decodeFrames, frame, OP } from "@/tests/helpers/ws-frames";
import { differential, fragmentedWithPings, M1, M2, pattern, useDifferentialStack } from "./differential-fixture";

useDifferentialStack();

/** permessage-deflate's payload for one message (RFC 7692 §7.2.1: the final empty block removed). */
function deflated(text: string): Buffer {
  const out = deflateRawSync(Buffer.from(text), { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  return out.subarray(0, out.length - 4);
}

function inflated(payload: Buffer): string {
  return inflateRawSync(Buffer.concat([payload, Buffer.from([0x00, 0x00, 0xff, 0xff])]), { finishFlush: 2 }).toString();
}

describe("frames cross the gateway byte for byte", () => {
  it("fragmented messages with pings and pongs between fragments", async () => {
    await differential(fragmentedWithPings);
  });

  it("pings and pongs with and without payload, up to 125 bytes", async () => {
    await differential({
      client: Buffer.concat([
        frame({ opcode: OP.ping, mask: M1 }),
        frame({ opcode: OP.ping, payload: pattern(125, 5), mask: M2 }),
        frame({ opcode: OP.pong, payload: "abc", mask: M1 }),
        frame({ opcode: OP.pong, mask: M2 }),
      ]),
      backend: Buffer.concat([
        frame({ opcode: OP.pong }),
        frame({ opcode: OP.pong, payload: pattern(125, 5) }),
        frame({ opcode: OP.ping, payload: "server ping" }),
        frame({ opcode: OP.ping, payload: pattern(125, 9) }),
      ]),
    });
  });

  it("Close frames with codes 1000–1011, 3000 and 4999, each with a reason", async () => {
    for (const code of [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 3000, 4999]) {
      const { viaGateway } = await differential({
        client: frame({ opcode: OP.close, payload: closePayload(code, `client says ${code}`), mask: M1 }),
        backend: frame({ opcode: OP.close, payload: closePayload(code, `backend says ${code} ✓`) }),
      });
      expect(decodeFrames(viaGateway.backendGot).map((f) => [f.payload.readUInt16BE(0), f.payload.subarray(2).toString()])).toEqual([[code, `client says ${code}`]]);
      expect(decodeFrames(viaGateway.clientGot).map((f) => [f.payload.readUInt16BE(0), f.payload.subarray(2).toString()])).toEqual([[code, `backend says ${code} ✓`]]);
    }
  });

  it("Close frames without a status code", async () => {
    await differential({
      client: frame({ opcode: OP.close, mask: M2 }),
      backend: frame({ opcode: OP.close }),
    });
  });

  it("invalid UTF-8 in text frames (the gateway is not the endpoint and does not validate)", async () => {
    const invalid = Buffer.from([0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80, 0x65, 0x64, 0xff, 0xfe, 0xc0, 0xaf]);
    await differential({
      client: Buffer.concat([
        frame({ opcode: OP.text, payload: invalid, mask: M1 }),
        // a valid character split across fragments, then a fragment ending mid-character
        frame({ opcode: OP.text, payload: Buffer.from([0xe2, 0x82]), fin: false, mask: M2 }),
        frame({ opcode: OP.continuation, payload: Buffer.from([0xac, 0xf0, 0x9f]), mask: M1 }),
        frame({ opcode: OP.close, payload: Buffer.concat([closePayload(1000), Buffer.from([0xff, 0xfe])]), mask: M2 }),
      ]),
      backend: Buffer.concat([frame({ opcode: OP.text, payload: invalid }), frame({ opcode: OP.close, payload: Buffer.concat([closePayload(1007), Buffer.from([0xc3])]) })]),
    });
  });

  it("payload lengths 125, 126, 65535 and 65536 (7-, 16- and 64-bit length fields)", async () => {
    const lengths = [125, 126, 65535, 65536];
    const { viaGateway } = await differential({
      client: Buffer.concat(lengths.map((n, i) => frame({ opcode: i % 2 ? OP.binary : OP.text, payload: i % 2 ? pattern(n, i) : "x".repeat(n), mask: i % 2 ? M1 : M2 }))),
      backend: Buffer.concat(lengths.map((n, i) => frame({ opcode: OP.binary, payload: pattern(n, 10 + i) }))),
    });
    expect(decodeFrames(viaGateway.backendGot).map((f) => [f.lengthBytes, f.payload.length])).toEqual([[0, 125], [2, 126], [2, 65535], [8, 65536]]);
    expect(decodeFrames(viaGateway.clientGot).map((f) => [f.lengthBytes, f.payload.length])).toEqual([[0, 125], [2, 126], [2, 65535], [8, 65536]]);
  });

  it("one byte per write in both directions", async () => {
    const { direct, viaGateway } = await differential({ ...fragmentedWithPings, clientWrites: "bytewise", backendWrites: "bytewise" });
    // The bytes really travelled one by one (most writes arrive as their own chunk), direct and relayed.
    for (const r of [direct, viaGateway]) {
      expect(r.conn.record.chunks.length).toBeGreaterThan(fragmentedWithPings.client.length / 2);
      expect(r.client.record.chunks.length).toBeGreaterThan(fragmentedWithPings.backend.length / 2);
    }
  });

  it("frames sent in the same write as the handshake, in both directions", async () => {
    const greeting = Buffer.concat([frame({ opcode: OP.text, payload: "welcome" }), frame({ opcode: OP.ping, payload: "hi" })]);
    await differential({
      client: Buffer.concat([frame({ opcode: OP.text, payload: "early", mask: M1 }), frame({ opcode: OP.binary, payload: pattern(300, 6), mask: M2 })]),
      backend: frame({ opcode: OP.text, payload: "later" }),
      pipelined: true,
      reply: { greeting },
    });
  });

  it("compressed frames (RSV1) of a permessage-deflate session, with the extension negotiated end to end", async () => {
    const offer = "permessage-deflate; client_max_window_bits";
    const { viaGateway } = await differential({
      headers: [["Sec-WebSocket-Extensions", offer]],
      reply: { extensions: "permessage-deflate; server_no_context_takeover; client_no_context_takeover" },
      client: Buffer.concat([
        frame({ opcode: OP.text, payload: deflated("Hello hello hello hello"), rsv1: true, mask: M1 }),
        // a compressed message in two fragments: RSV1 on the first frame only
        frame({ opcode: OP.binary, payload: deflated("fragmented and compressed").subarray(0, 5), rsv1: true, fin: false, mask: M2 }),
        frame({ opcode: OP.continuation, payload: deflated("fragmented and compressed").subarray(5), mask: M1 }),
      ]),
      backend: frame({ opcode: OP.text, payload: deflated("compressed reply, compressed reply"), rsv1: true }),
    });
    expect(viaGateway.conn.headers["sec-websocket-extensions"]).toBe(offer);
    expect(viaGateway.client.headers["sec-websocket-extensions"]).toBe("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    const toBackend = decodeFrames(viaGateway.backendGot);
    expect(toBackend.map((f) => f.rsv1)).toEqual([true, true, false]);
    expect(inflated(toBackend[0]!.payload)).toBe("Hello hello hello hello");
    expect(inflated(Buffer.concat([toBackend[1]!.payload, toBackend[2]!.payload]))).toBe("fragmented and compressed");
    const toClient = decodeFrames(viaGateway.clientGot);
    expect(toClient.map((f) => f.rsv1)).toEqual([true]);
    expect(inflated(toClient[0]!.payload)).toBe("compressed reply, compressed reply");
  });

  it("Sec-WebSocket-Protocol: the client offers 'a, b', the backend chooses 'b', the client sees 'b'", async () => {
    const { direct, viaGateway } = await differential({
      headers: [["Sec-WebSocket-Protocol", "a, b"]],
      reply: { protocol: "b" },
      client: frame({ opcode: OP.text, payload: "in b", mask: M1 }),
      backend: frame({ opcode: OP.text, payload: "b it is" }),
    });
    for (const r of [direct, viaGateway]) {
      expect(r.conn.headers["sec-websocket-protocol"]).toBe("a, b");
      expect(r.client.headers["sec-websocket-protocol"]).toBe("b");
    }
  });

  it("the 101 through the gateway carries the backend's Accept, Protocol and Extensions, in order", async () => {
    const { direct, viaGateway } = await differential({
      headers: [
        ["Sec-WebSocket-Protocol", "chat"],
        ["Sec-WebSocket-Extensions", "x-test; p=1"],
      ],
      reply: { extensions: true },
      client: Buffer.alloc(0),
      backend: Buffer.alloc(0),
    });
    const wsHeaders = (c: RawClient) => c.rawHeaders.filter(([name]) => /^sec-websocket-/i.test(name));
    expect(wsHeaders(viaGateway.client)).toEqual([
      ["Sec-WebSocket-Accept", acceptFor(viaGateway.client.key)],
      ["Sec-WebSocket-Protocol", "chat"],
      ["Sec-WebSocket-Extensions", "x-test; p=1"],
    ]);
    expect(wsHeaders(direct.client)).toEqual([
      ["Sec-WebSocket-Accept", acceptFor(direct.client.key)],
      ["Sec-WebSocket-Protocol", "chat"],
      ["Sec-WebSocket-Extensions", "x-test; p=1"],
    ]);
    expect(viaGateway.client.head.split("\r\n")[0]).toBe("HTTP/1.1 101 Switching Protocols");
  });
});
