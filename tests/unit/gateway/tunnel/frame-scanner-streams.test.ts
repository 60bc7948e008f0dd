import { describe, expect, it } from "vitest";
import { FrameScanner } from "@/gateway/tunnel/frame-scanner";
import { closePayload, encodeFrame, OP } from "@/tests/helpers/ws-frames";
import { checkAllChunkings, MASK, mixed, state, stream } from "./frame-scanner-fixture";

describe("FrameScanner on several frames in one chunk", () => {
  it("counts every frame, message and the Close of a mixed stream, however it is chunked", () => {
    const st = stream(mixed);
    expect(checkAllChunkings(st, { frames: 11, messages: 5, closeFrames: 1, closeCode: 1000, closeReason: "bye", largestMessage: 65536 })).toEqual([]);
  });

  it("scans from a start offset inside the chunk", () => {
    const st = stream(mixed);
    const padded = Buffer.concat([Buffer.from("junk!"), st.bytes]);
    const s = new FrameScanner();
    expect(s.scan(padded, 5)).toBe(5);
    expect(state(s)).toEqual({ frames: 11, messages: 5, closeFrames: 1, closeCode: 1000, closeReason: "bye", largestMessage: 65536, malformed: false, atFrameBoundary: true });
  });
});

describe("FrameScanner.scanToBoundary", () => {
  const st = stream(mixed);
  const ends = [0, ...st.frameEnds];

  it("returns `start` when already at a frame boundary", () => {
    const s = new FrameScanner();
    expect(s.scanToBoundary(st.bytes)).toBe(0);
    expect(s.scanToBoundary(st.bytes, 7)).toBe(7);
    expect(s.frames).toBe(0);
  });

  it("returns the offset of the next frame end from every position in the stream", () => {
    const failures: string[] = [];
    for (let p = 0; p <= st.bytes.length; p++) {
      const next = ends.find((e) => e >= p)!;
      const s = new FrameScanner();
      s.scan(st.bytes.subarray(0, p));
      // Relative to a chunk that starts at p …
      const relative = s.scanToBoundary(st.bytes.subarray(p));
      if (relative !== next - p) failures.push(`from ${p}: ${relative}, want ${next - p}`);
      if (!s.atFrameBoundary) failures.push(`from ${p}: not at a boundary after scanToBoundary`);
      s.scan(st.bytes.subarray(p + relative));
      if (s.frames !== 11 || s.messages !== 5 || s.closeCode !== 1000 || s.closeReason !== "bye") failures.push(`from ${p}: ${JSON.stringify(state(s))}`);
      // … and with `start` inside the whole buffer.
      const t = new FrameScanner();
      t.scan(st.bytes.subarray(0, p));
      const absolute = t.scanToBoundary(st.bytes, p);
      if (absolute !== next) failures.push(`from ${p} with start: ${absolute}, want ${next}`);
      if (failures.length > 20) break;
    }
    expect(failures).toEqual([]);
  });

  it("returns -1 when the chunk ends inside a frame, then finds the end in the next chunk", () => {
    const failures: string[] = [];
    for (let f = 0; f < st.frameEnds.length; f++) {
      const frameStart = ends[f]!;
      const frameEnd = st.frameEnds[f]!;
      const s = new FrameScanner();
      s.scan(st.bytes.subarray(0, frameStart + 1));
      const first = s.scanToBoundary(st.bytes.subarray(frameStart + 1, frameEnd - 1));
      const second = s.scanToBoundary(st.bytes.subarray(frameEnd - 1));
      if (first !== -1 || second !== 1) failures.push(`frame ${f}: ${first}, ${second}`);
    }
    expect(failures).toEqual([]);
  });

  it("captures the Close code when the Close payload is crossed by scanToBoundary", () => {
    const close = encodeFrame({ opcode: OP.close, payload: closePayload(1008, "policy"), mask: MASK });
    const s = new FrameScanner();
    s.scan(close.bytes.subarray(0, close.headerLength + 1));
    expect(s.closeCode).toBe(0);
    expect(s.scanToBoundary(close.bytes.subarray(close.headerLength + 1))).toBe(close.bytes.length - close.headerLength - 1);
    expect([s.closeCode, s.closeReason, s.closeFrames]).toEqual([1008, "policy", 1]);
  });
});
