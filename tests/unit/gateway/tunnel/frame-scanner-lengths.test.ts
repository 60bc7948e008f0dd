import { describe, expect, it } from "vitest";
import { FrameScanner } from "@/gateway/tunnel/frame-scanner";
import { bytes, MASK, mixed, state, stream } from "./frame-scanner-fixture";

describe("FrameScanner on huge and malformed lengths", () => {
  it("skips the payload of a frame declaring 2^40 bytes without reading it", () => {
    const header = Buffer.from([0x82, 0xff, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, ...MASK]);
    const s = new FrameScanner();
    expect(s.scan(Buffer.concat([header, bytes(1000)]))).toBe(1);
    expect(state(s)).toEqual({ frames: 1, messages: 1, closeFrames: 0, closeCode: 0, closeReason: "", largestMessage: 2 ** 40, malformed: false, atFrameBoundary: false });
    expect(s.scanToBoundary(bytes(4096))).toBe(-1);
    expect(s.atFrameBoundary).toBe(false);
  });

  it("accepts the largest safe 64-bit length (2^53 - 1)", () => {
    const header = Buffer.from([0x82, 0x7f, 0x00, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    const s = new FrameScanner();
    s.scan(header);
    expect([s.malformed, s.largestMessage, s.frames]).toEqual([false, Number.MAX_SAFE_INTEGER, 1]);
  });

  it("flags a 64-bit length with the most significant bit set as malformed, however it is chunked", () => {
    const header = Buffer.from([0x82, 0x7f, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5]);
    const feedings = [[header], ...Array.from({ length: header.length - 1 }, (_, i) => [header.subarray(0, i + 1), header.subarray(i + 1)]), [...header].map((b) => Buffer.from([b]))];
    for (const chunks of feedings) {
      const s = new FrameScanner();
      expect(s.malformed).toBe(false);
      for (const c of chunks) s.scan(c);
      expect(s.malformed).toBe(true);
    }
  });

  it("does not flag a frame that follows well-formed ones", () => {
    const s = new FrameScanner();
    s.scan(stream(mixed).bytes);
    expect(s.malformed).toBe(false);
    s.scan(Buffer.from([0x82, 0x7f, 0xff, 0, 0, 0, 0, 0, 0, 0]));
    expect(s.malformed).toBe(true);
  });
});
