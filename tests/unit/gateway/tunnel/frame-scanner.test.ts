import { describe, expect, it } from "vitest";
import { FrameScanner } from "@/gateway/tunnel/frame-scanner";
import { closePayload, encodeFrame, OP, type FrameSpec } from "@/tests/helpers/ws-frames";

const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]); // RFC 6455 §5.7's example key
const MASK2 = Buffer.from([0xff, 0x00, 0x80, 0x01]);

/** Payload of `n` bytes that is not all one value, so a mis-skip would show. */
function bytes(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

interface Expected {
  frames: number;
  messages: number;
  closeFrames: number;
  closeCode: number;
  closeReason: string;
  largestMessage: number;
}

interface Stream {
  bytes: Buffer;
  /** Offset where each frame's header ends, in order. */
  headerEnds: number[];
  /** Offset where each frame ends, in order. */
  frameEnds: number[];
  /** Whether each frame ends a data message (a FIN data frame). */
  endsMessage: boolean[];
}

function stream(specs: FrameSpec[]): Stream {
  const parts: Buffer[] = [];
  const headerEnds: number[] = [];
  const frameEnds: number[] = [];
  const endsMessage: boolean[] = [];
  let offset = 0;
  for (const spec of specs) {
    const { bytes: b, headerLength } = encodeFrame(spec);
    parts.push(b);
    headerEnds.push(offset + headerLength);
    offset += b.length;
    frameEnds.push(offset);
    endsMessage.push(spec.opcode < 0x8 && (spec.fin ?? true));
  }
  return { bytes: Buffer.concat(parts), headerEnds, frameEnds, endsMessage };
}

/** The scanner's observable state, keys always in this order (compared as JSON). */
function state(s: FrameScanner): Expected & { malformed: boolean; atFrameBoundary: boolean } {
  return {
    frames: s.frames,
    messages: s.messages,
    closeFrames: s.closeFrames,
    closeCode: s.closeCode,
    closeReason: s.closeReason,
    largestMessage: s.largestMessage,
    malformed: s.malformed,
    atFrameBoundary: s.atFrameBoundary,
  };
}

/**
 * Feeds the stream whole, split in two at every byte offset, and one byte at a time;
 * returns a list of every disagreement with `expected` (empty when all agree). Checking
 * progress after each byte: frames and messages counted once their header is read,
 * atFrameBoundary exactly at frame ends.
 */
function checkAllChunkings(st: Stream, expected: Expected): string[] {
  const failures: string[] = [];
  const want = JSON.stringify({
    frames: expected.frames,
    messages: expected.messages,
    closeFrames: expected.closeFrames,
    closeCode: expected.closeCode,
    closeReason: expected.closeReason,
    largestMessage: expected.largestMessage,
    malformed: false,
    atFrameBoundary: true,
  });
  const n = st.bytes.length;
  const ends = new Set([0, ...st.frameEnds]);

  const whole = new FrameScanner();
  const returned = whole.scan(st.bytes);
  if (returned !== expected.messages) failures.push(`whole: scan returned ${returned}`);
  if (JSON.stringify(state(whole)) !== want) failures.push(`whole: ${JSON.stringify(state(whole))}`);

  for (let cut = 0; cut <= n; cut++) {
    const s = new FrameScanner();
    let r = s.scan(st.bytes.subarray(0, cut));
    if (s.atFrameBoundary !== ends.has(cut)) failures.push(`split@${cut}: atFrameBoundary ${s.atFrameBoundary} after first chunk`);
    r += s.scan(st.bytes.subarray(cut));
    if (r !== expected.messages) failures.push(`split@${cut}: scan returned ${r} in total`);
    if (JSON.stringify(state(s)) !== want) failures.push(`split@${cut}: ${JSON.stringify(state(s))}`);
    if (failures.length > 20) return failures;
  }

  const s = new FrameScanner();
  let r = 0;
  let headers = 0;
  let messages = 0;
  const one = Buffer.alloc(1);
  for (let i = 0; i < n; i++) {
    one[0] = st.bytes[i]!;
    r += s.scan(one);
    while (headers < st.headerEnds.length && st.headerEnds[headers]! <= i + 1) {
      if (st.endsMessage[headers]) messages++;
      headers++;
    }
    if (s.frames !== headers || s.messages !== messages || s.atFrameBoundary !== ends.has(i + 1)) {
      failures.push(`bytewise@${i + 1}: frames ${s.frames}/${headers} messages ${s.messages}/${messages} boundary ${s.atFrameBoundary}`);
      if (failures.length > 20) return failures;
    }
  }
  if (r !== expected.messages) failures.push(`bytewise: scan returned ${r} in total`);
  if (JSON.stringify(state(s)) !== want) failures.push(`bytewise: ${JSON.stringify(state(s))}`);
  return failures;
}

const none = { closeFrames: 0, closeCode: 0, closeReason: "" };

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

/** Every shape in one stream, as one connection would carry it. */
const mixed: FrameSpec[] = [
  { opcode: OP.text, payload: "hello", mask: MASK },
  { opcode: OP.binary, payload: bytes(126), mask: MASK2 },
  { opcode: OP.ping, payload: "are you there", mask: MASK },
  { opcode: OP.text, payload: "frag", fin: false, mask: MASK },
  { opcode: OP.pong, mask: MASK2 },
  { opcode: OP.continuation, payload: bytes(300), fin: false, mask: MASK },
  { opcode: OP.ping, mask: MASK },
  { opcode: OP.continuation, payload: "end", mask: MASK2 },
  { opcode: OP.binary, mask: MASK },
  { opcode: OP.binary, payload: bytes(65536), mask: MASK },
  { opcode: OP.close, payload: closePayload(1000, "bye"), mask: MASK2 },
];

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
