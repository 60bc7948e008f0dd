import { describe, expect, it } from "vitest";
import { OP, type FrameSpec } from "@/tests/helpers/ws-frames";
import { bytes, checkAllChunkings, MASK, MASK2, none, stream } from "./frame-scanner-fixture";

describe("FrameScanner on single data frames", () => {
  const cases: [string, FrameSpec, number][] = [
    ["7-bit length 0, unmasked text", { opcode: OP.text }, 0],
    ["7-bit length 0, masked binary", { opcode: OP.binary, mask: MASK }, 0],
    ["7-bit length 1, unmasked binary", { opcode: OP.binary, payload: bytes(1) }, 1],
    ["7-bit length 1, masked text", { opcode: OP.text, payload: "x", mask: MASK }, 1],
    ["7-bit length 125, unmasked text", { opcode: OP.text, payload: "a".repeat(125) }, 125],
    ["7-bit length 125, masked binary", { opcode: OP.binary, payload: bytes(125), mask: MASK }, 125],
    ["16-bit length 126, unmasked binary", { opcode: OP.binary, payload: bytes(126) }, 126],
    ["16-bit length 126, masked text", { opcode: OP.text, payload: "b".repeat(126), mask: MASK }, 126],
    ["16-bit length 65535, unmasked text", { opcode: OP.text, payload: "c".repeat(65535) }, 65535],
    ["16-bit length 65535, masked binary", { opcode: OP.binary, payload: bytes(65535), mask: MASK2 }, 65535],
    ["64-bit length 65536, unmasked binary", { opcode: OP.binary, payload: bytes(65536) }, 65536],
    ["64-bit length 65536, masked text", { opcode: OP.text, payload: "d".repeat(65536), mask: MASK }, 65536],
  ];
  for (const [name, spec, length] of cases) {
    it(`counts one message for a ${name} frame, fed whole, split anywhere and byte by byte`, () => {
      const st = stream([spec]);
      expect(st.headerEnds[0]).toBe(2 + (length < 126 ? 0 : length < 65536 ? 2 : 8) + (spec.mask ? 4 : 0));
      expect(checkAllChunkings(st, { frames: 1, messages: 1, largestMessage: length, ...none })).toEqual([]);
    });
  }
});

describe("FrameScanner on fragmented messages", () => {
  it("counts a text message in three fragments once, with a ping and a pong between fragments", () => {
    const st = stream([
      { opcode: OP.text, payload: "Hel", fin: false, mask: MASK },
      { opcode: OP.ping, payload: "p1", mask: MASK2 },
      { opcode: OP.continuation, payload: "lo ", fin: false, mask: MASK },
      { opcode: OP.pong, mask: MASK },
      { opcode: OP.continuation, payload: "world", mask: MASK2 },
    ]);
    expect(checkAllChunkings(st, { frames: 5, messages: 1, largestMessage: 11, ...none })).toEqual([]);
  });

  it("sums fragment lengths across length encodings for largestMessage (unmasked binary)", () => {
    const st = stream([
      { opcode: OP.binary, payload: bytes(125), fin: false },
      { opcode: OP.continuation, payload: bytes(126, 3), fin: false },
      { opcode: OP.ping, payload: bytes(125, 7) },
      { opcode: OP.continuation, payload: bytes(65536, 5) },
      { opcode: OP.text, payload: "after" },
    ]);
    expect(checkAllChunkings(st, { frames: 5, messages: 2, largestMessage: 125 + 126 + 65536, ...none })).toEqual([]);
  });

  it("counts empty fragments and an empty final continuation as one message", () => {
    const st = stream([
      { opcode: OP.binary, fin: false, mask: MASK },
      { opcode: OP.continuation, fin: false, mask: MASK },
      { opcode: OP.continuation, mask: MASK },
    ]);
    expect(checkAllChunkings(st, { frames: 3, messages: 1, largestMessage: 0, ...none })).toEqual([]);
  });
});
