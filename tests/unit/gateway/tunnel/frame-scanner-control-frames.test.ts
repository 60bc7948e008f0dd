import { describe, expect, it } from "vitest";
import { closePayload, OP } from "@/tests/helpers/ws-frames";
import { bytes, checkAllChunkings, MASK, MASK2, none, stream } from "./frame-scanner-fixture";

describe("FrameScanner on control frames", () => {
  it("reads the code and reason of a masked Close frame (payload unmasked)", () => {
    const st = stream([{ opcode: OP.close, payload: closePayload(1001, "going away ☃"), mask: MASK }]);
    expect(checkAllChunkings(st, { frames: 1, messages: 0, closeFrames: 1, closeCode: 1001, closeReason: "going away ☃", largestMessage: 0 })).toEqual([]);
  });

  it("reads the code and reason of an unmasked Close frame", () => {
    const st = stream([{ opcode: OP.close, payload: closePayload(4999, "custom") }]);
    expect(checkAllChunkings(st, { frames: 1, messages: 0, closeFrames: 1, closeCode: 4999, closeReason: "custom", largestMessage: 0 })).toEqual([]);
  });

  it("reads a Close frame with a code and no reason", () => {
    const st = stream([{ opcode: OP.close, payload: closePayload(1000), mask: MASK2 }]);
    expect(checkAllChunkings(st, { frames: 1, messages: 0, closeFrames: 1, closeCode: 1000, closeReason: "", largestMessage: 0 })).toEqual([]);
  });

  it("reads a Close frame with the largest reason (123 bytes, payload 125)", () => {
    const reason = "r".repeat(123);
    const st = stream([{ opcode: OP.close, payload: closePayload(3000, reason), mask: MASK }]);
    expect(st.bytes[1]).toBe(0x80 | 125);
    expect(checkAllChunkings(st, { frames: 1, messages: 0, closeFrames: 1, closeCode: 3000, closeReason: reason, largestMessage: 0 })).toEqual([]);
  });

  it("reports 1005 for a Close frame without a status code, masked or not", () => {
    for (const mask of [MASK, undefined]) {
      const st = stream([{ opcode: OP.close, mask }]);
      expect(checkAllChunkings(st, { frames: 1, messages: 0, closeFrames: 1, closeCode: 1005, closeReason: "", largestMessage: 0 })).toEqual([]);
    }
  });

  it("does not count pings and pongs (with and without payload) as messages", () => {
    const st = stream([
      { opcode: OP.ping, mask: MASK },
      { opcode: OP.ping, payload: bytes(125), mask: MASK },
      { opcode: OP.pong, payload: "pong!" },
      { opcode: OP.pong },
    ]);
    expect(checkAllChunkings(st, { frames: 4, messages: 0, largestMessage: 0, ...none })).toEqual([]);
  });

  it("keeps the first Close frame's code and counts later Close frames", () => {
    const st = stream([
      { opcode: OP.close, payload: closePayload(1000, "first"), mask: MASK },
      { opcode: OP.close, payload: closePayload(1011, "second"), mask: MASK2 },
    ]);
    expect(checkAllChunkings(st, { frames: 2, messages: 0, closeFrames: 2, closeCode: 1000, closeReason: "first", largestMessage: 0 })).toEqual([]);
  });
});
