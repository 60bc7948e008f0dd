import * as wsModule from "ws";
import { describe, expect, it } from "vitest";
import { clientCloseFrame, serverCloseFrame } from "@/gateway/tunnel/close-frame";
import { FrameScanner } from "@/gateway/tunnel/frame-scanner";
import { closePayload, decodeFrames, encodeFrame, OP } from "@/tests/helpers/ws-frames";

const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]); // RFC 6455 §5.7's example key
const MASK2 = Buffer.from([0xff, 0x00, 0x80, 0x01]);

/** `ws`'s frame parser: exported at run time, not declared by @types/ws. */
interface ReceiverEvents {
  on(event: "conclude", listener: (code: number, reason: Buffer) => void): this;
  on(event: "error", listener: (error: Error) => void): this;
  write(chunk: Buffer): boolean;
}

/** Parses one Close frame with `ws`'s own Receiver (the peer's view of the frame). */
async function parseWithWs(frameBytes: Buffer, isServer: boolean): Promise<{ code: number; reason: string } | { error: string }> {
  const { Receiver } = wsModule as unknown as { Receiver: new (options: { isServer: boolean }) => ReceiverEvents };
  const receiver = new Receiver({ isServer });
  let result: { code: number; reason: string } | { error: string } = { error: "no close frame" };
  receiver.on("conclude", (code, reason) => (result = { code, reason: reason.toString("utf8") }));
  receiver.on("error", (error) => (result = { error: error.message }));
  receiver.write(frameBytes);
  await new Promise((r) => setImmediate(r)); // the Receiver reports errors on a later tick
  return result;
}

describe("serverCloseFrame and clientCloseFrame", () => {
  it("builds an unmasked server Close frame byte for byte", () => {
    expect(serverCloseFrame(1001, "bye")).toEqual(Buffer.from([0x88, 0x05, 0x03, 0xe9, 0x62, 0x79, 0x65]));
  });

  it("builds a masked client Close frame byte for byte", () => {
    const built = clientCloseFrame(1008, "policy", MASK);
    expect(built).toEqual(encodeFrame({ opcode: OP.close, payload: closePayload(1008, "policy"), mask: MASK }).bytes);
    expect(decodeFrames(built)).toEqual([
      { fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: OP.close, masked: true, payload: closePayload(1008, "policy"), lengthBytes: 0 },
    ]);
  });

  it("produces frames ws accepts on the right side, with code and reason intact", async () => {
    expect(await parseWithWs(serverCloseFrame(1001, "Gateway shutting down"), false)).toEqual({ code: 1001, reason: "Gateway shutting down" });
    expect(await parseWithWs(clientCloseFrame(1009, "Message too big", MASK2), true)).toEqual({ code: 1009, reason: "Message too big" });
  });

  it("produces frames the FrameScanner reads back", () => {
    const s = new FrameScanner();
    s.scan(serverCloseFrame(4000, "héllo"));
    expect([s.closeCode, s.closeReason, s.atFrameBoundary]).toEqual([4000, "héllo", true]);
    const c = new FrameScanner();
    c.scan(clientCloseFrame(1008, "héllo", MASK));
    expect([c.closeCode, c.closeReason, c.atFrameBoundary]).toEqual([1008, "héllo", true]);
  });

  it("cuts a long ASCII reason to 123 bytes so the control frame stays within 125", async () => {
    const frameBytes = serverCloseFrame(1008, "x".repeat(200));
    expect(frameBytes.length).toBe(2 + 125);
    expect(await parseWithWs(frameBytes, false)).toEqual({ code: 1008, reason: "x".repeat(123) });
    expect(await parseWithWs(clientCloseFrame(1008, "x".repeat(200), MASK), true)).toEqual({ code: 1008, reason: "x".repeat(123) });
  });

  it("cuts a long multi-byte reason at a character boundary, so the reason stays valid UTF-8", async () => {
    // 62 two-byte characters: byte 123 would split the last one in half.
    const reason = "é".repeat(62);
    expect(await parseWithWs(serverCloseFrame(1008, reason), false)).toEqual({ code: 1008, reason: "é".repeat(61) });
    expect(await parseWithWs(clientCloseFrame(1008, reason, MASK), true)).toEqual({ code: 1008, reason: "é".repeat(61) });
    // Four-byte characters (a split could leave 1, 2 or 3 stray bytes).
    expect(await parseWithWs(serverCloseFrame(1008, "a" + "😀".repeat(40)), false)).toEqual({ code: 1008, reason: "a" + "😀".repeat(30) });
    expect(await parseWithWs(serverCloseFrame(1008, "ab" + "😀".repeat(40)), false)).toEqual({ code: 1008, reason: "ab" + "😀".repeat(30) });
    expect(await parseWithWs(serverCloseFrame(1008, "abc" + "😀".repeat(40)), false)).toEqual({ code: 1008, reason: "abc" + "😀".repeat(30) });
  });
});
