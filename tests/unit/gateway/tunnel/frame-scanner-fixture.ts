import { FrameScanner } from "@/gateway/tunnel/frame-scanner";
import { closePayload, encodeFrame, OP, type FrameSpec } from "@/tests/helpers/ws-frames";

/** Shared set-up of the FrameScanner tests: frame streams, the scanner's state, and a check over every chunking. */

export const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]); // RFC 6455 §5.7's example key
export const MASK2 = Buffer.from([0xff, 0x00, 0x80, 0x01]);

/** Payload of `n` bytes that is not all one value, so a mis-skip would show. */
export function bytes(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

/** The counts and Close details a scan should end with. */
export interface Expected {
  frames: number;
  messages: number;
  closeFrames: number;
  closeCode: number;
  closeReason: string;
  largestMessage: number;
}

export interface Stream {
  bytes: Buffer;
  /** Offset where each frame's header ends, in order. */
  headerEnds: number[];
  /** Offset where each frame ends, in order. */
  frameEnds: number[];
  /** Whether each frame ends a data message (a FIN data frame). */
  endsMessage: boolean[];
}

/** Encodes `specs` as one stream, noting where each frame's header and frame end. */
export function stream(specs: FrameSpec[]): Stream {
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
export function state(s: FrameScanner): Expected & { malformed: boolean; atFrameBoundary: boolean } {
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
export function checkAllChunkings(st: Stream, expected: Expected): string[] {
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

/** No Close frame seen. */
export const none = { closeFrames: 0, closeCode: 0, closeReason: "" };

/** Every shape in one stream, as one connection would carry it. */
export const mixed: FrameSpec[] = [
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
