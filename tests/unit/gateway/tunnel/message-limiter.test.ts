import { describe, expect, it } from "vitest";
import { FrameScanner } from "@/gateway/tunnel/frame-scanner";
import { MessageLimiter, VIOLATION_RATE, VIOLATION_SIZE } from "@/gateway/tunnel/message-limiter";
import { closePayload, encodeFrame, OP, type FrameSpec } from "@/tests/helpers/ws-frames";

const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

function bytes(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

interface Layout {
  bytes: Buffer;
  starts: number[];
  headerEnds: number[];
}

function layout(specs: FrameSpec[]): Layout {
  const parts: Buffer[] = [];
  const starts: number[] = [];
  const headerEnds: number[] = [];
  let offset = 0;
  for (const spec of specs) {
    const { bytes: b, headerLength } = encodeFrame(spec);
    starts.push(offset);
    headerEnds.push(offset + headerLength);
    parts.push(b);
    offset += b.length;
  }
  return { bytes: Buffer.concat(parts), starts, headerEnds };
}

interface Outcome {
  violation: number;
  /** Where the violating frame starts in the stream, from frameStart (-1 resolved to "an earlier chunk"). */
  cutAt: number | "earlier chunk";
  stoppedAt: number;
  messages: number;
  /** When the cut is in an earlier chunk: whether that chunk ended mid-header (so the tunnel held those bytes back). */
  heldBefore?: boolean;
}

/** Feeds `chunks` through scanLimited until a violation; where it was found, in stream offsets. */
function feed(chunks: Buffer[], make: () => MessageLimiter): Outcome | { violation: 0; messages: number } {
  const s = new FrameScanner();
  s.limiter = make();
  let offset = 0;
  let messages = 0;
  let heldBefore = false;
  for (const chunk of chunks) {
    messages += s.scanLimited(chunk);
    const l = s.limiter;
    if (l.violation !== 0) {
      const cut = l.frameStart < 0 ? { cutAt: "earlier chunk" as const, heldBefore } : { cutAt: offset + l.frameStart };
      return { violation: l.violation, ...cut, stoppedAt: offset + l.stoppedAt, messages };
    }
    heldBefore = s.inHeader;
    offset += chunk.length;
  }
  return { violation: 0, messages };
}

/** The stream whole, split in two at every offset, and one byte per chunk. */
function chunkings(b: Buffer): [string, Buffer[]][] {
  const out: [string, Buffer[]][] = [["whole", [b]]];
  for (let cut = 1; cut < b.length; cut++) out.push([`split@${cut}`, [b.subarray(0, cut), b.subarray(cut)]]);
  out.push(["bytewise", [...b].map((x) => Buffer.from([x]))]);
  return out;
}

/** Checks every chunking finds the violation at the header end of frame `k`, and the cut at its start. */
function expectViolationAtFrame(l: Layout, k: number, violation: number, messagesBefore: number, make: () => MessageLimiter): void {
  const failures: string[] = [];
  for (const [name, chunks] of chunkings(l.bytes)) {
    const got = feed(chunks, make);
    let chunkStart = 0;
    for (const c of chunks) {
      if (chunkStart + c.length >= l.headerEnds[k]!) break;
      chunkStart += c.length;
    }
    const begunEarlier = l.starts[k]! < chunkStart;
    const cut = begunEarlier ? { cutAt: "earlier chunk", heldBefore: true } : { cutAt: l.starts[k]! };
    const want = { violation, ...cut, stoppedAt: l.headerEnds[k]!, messages: messagesBefore };
    if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${name}: ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
    if (failures.length > 10) break;
  }
  expect(failures).toEqual([]);
}

describe("FrameScanner.scanLimited with a size limit", () => {
  const size = (max: number) => () => new MessageLimiter(max, 0, 0);

  it("lets a message of exactly the limit pass, however it is chunked", () => {
    const l = layout([
      { opcode: OP.binary, payload: bytes(126), mask: MASK },
      { opcode: OP.text, payload: "a".repeat(100), fin: false, mask: MASK },
      { opcode: OP.ping, payload: "p", mask: MASK },
      { opcode: OP.continuation, payload: "b".repeat(26), mask: MASK },
    ]);
    for (const [name, chunks] of chunkings(l.bytes)) expect([name, feed(chunks, size(126))]).toEqual([name, { violation: 0, messages: 2 }]);
  });

  it("stops at the header of a limit + 1 message with the cut at its first byte, however it is chunked", () => {
    const l = layout([
      { opcode: OP.text, payload: "ok", mask: MASK },
      { opcode: OP.ping, mask: MASK },
      { opcode: OP.binary, payload: bytes(127), mask: MASK },
      { opcode: OP.text, payload: "never", mask: MASK },
    ]);
    expectViolationAtFrame(l, 2, VIOLATION_SIZE, 1, size(126));
  });

  it("stops at the continuation that takes a fragmented message past the limit, with control frames between", () => {
    const l = layout([
      { opcode: OP.binary, payload: bytes(60), fin: false },
      { opcode: OP.ping, payload: "between" },
      { opcode: OP.continuation, payload: bytes(40), fin: false },
      { opcode: OP.pong },
      { opcode: OP.continuation, payload: bytes(1) },
    ]);
    expectViolationAtFrame(l, 4, VIOLATION_SIZE, 0, size(100));
  });

  it("stops at a 64-bit length past the limit without reading its payload", () => {
    const header = Buffer.from([0x82, 0xff, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, ...MASK]);
    const s = new FrameScanner();
    s.limiter = new MessageLimiter(65536, 0, 0);
    expect(s.scanLimited(Buffer.concat([header, bytes(100)]))).toBe(0);
    expect([s.limiter.violation, s.limiter.frameStart, s.limiter.stoppedAt]).toEqual([VIOLATION_SIZE, 0, header.length]);
  });

  it("leaves the scanner able to skip the violating frame and read the Close after it", () => {
    const l = layout([
      { opcode: OP.binary, payload: bytes(300), mask: MASK },
      { opcode: OP.close, payload: closePayload(1000, "bye"), mask: MASK },
    ]);
    const s = new FrameScanner();
    s.limiter = new MessageLimiter(200, 0, 0);
    expect(s.scanLimited(l.bytes)).toBe(0);
    expect(s.limiter.stoppedAt).toBe(l.headerEnds[0]);
    s.limiter = null;
    s.scan(l.bytes, l.headerEnds[0]);
    expect([s.frames, s.messages, s.largestMessage, s.closeCode, s.closeReason, s.atFrameBoundary]).toEqual([2, 0, 0, 1000, "bye", true]);
  });

  it("counts the messages before the violation and not the violating one", () => {
    const l = layout([{ opcode: OP.text, payload: "1" }, { opcode: OP.text, payload: "2" }, { opcode: OP.text, payload: "three" }]);
    const s = new FrameScanner();
    s.limiter = new MessageLimiter(4, 0, 0);
    expect(s.scanLimited(l.bytes)).toBe(2);
    expect([s.messages, s.frames, s.largestMessage]).toEqual([2, 3, 1]);
  });
});

describe("FrameScanner.scanLimited with a rate limit", () => {
  it("lets N messages start in a window and stops at the first frame of message N + 1, however it is chunked", () => {
    const l = layout([
      { opcode: OP.text, payload: "a", fin: false, mask: MASK },
      { opcode: OP.ping, mask: MASK },
      { opcode: OP.continuation, payload: "b", mask: MASK },
      { opcode: OP.binary, payload: bytes(130), mask: MASK },
      { opcode: OP.pong, mask: MASK },
      { opcode: OP.text, payload: "c", fin: false, mask: MASK },
      { opcode: OP.continuation, payload: "d", mask: MASK },
    ]);
    expectViolationAtFrame(l, 5, VIOLATION_RATE, 2, () => new MessageLimiter(0, 2, 1000));
  });

  it("opens a fixed window at the first message after the last one expired", () => {
    const msg = encodeFrame({ opcode: OP.text, payload: "m", mask: MASK }).bytes;
    const s = new FrameScanner();
    const limiter = new MessageLimiter(0, 2, 1000);
    s.limiter = limiter;
    const at = (now: number) => {
      limiter.now = now;
      return [s.scanLimited(msg), limiter.violation];
    };
    expect([at(5000), at(5999)]).toEqual([
      [1, 0],
      [1, 0],
    ]);
    expect(at(6000)).toEqual([1, 0]); // a new window: 6000 - 5000 >= 1000
    expect(at(6500)).toEqual([1, 0]);
    expect(at(6999)).toEqual([0, VIOLATION_RATE]);
  });
});
