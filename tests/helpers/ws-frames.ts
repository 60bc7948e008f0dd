/**
 * A small, independent WebSocket frame encoder and decoder (RFC 6455 §5.2) for tests, so
 * the gateway's own frame code is checked against something it does not share code with.
 */

export const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface FrameSpec {
  opcode: number;
  payload?: Buffer | string;
  /** Default true. */
  fin?: boolean;
  rsv1?: boolean;
  /** A 4-byte masking key: the frame is masked with it (client → server frames). */
  mask?: Buffer;
}

export interface EncodedFrame {
  bytes: Buffer;
  /** Length of the header (up to and including the masking key). */
  headerLength: number;
}

/** Encodes one frame with the shortest length encoding. */
export function encodeFrame(spec: FrameSpec): EncodedFrame {
  const payload = typeof spec.payload === "string" ? Buffer.from(spec.payload, "utf8") : (spec.payload ?? Buffer.alloc(0));
  const n = payload.length;
  const lengthBytes = n < 126 ? 0 : n < 65536 ? 2 : 8;
  const headerLength = 2 + lengthBytes + (spec.mask ? 4 : 0);
  const bytes = Buffer.alloc(headerLength + n);
  bytes[0] = ((spec.fin ?? true) ? 0x80 : 0) | (spec.rsv1 ? 0x40 : 0) | spec.opcode;
  bytes[1] = (spec.mask ? 0x80 : 0) | (lengthBytes === 0 ? n : lengthBytes === 2 ? 126 : 127);
  if (lengthBytes === 2) bytes.writeUInt16BE(n, 2);
  if (lengthBytes === 8) bytes.writeBigUInt64BE(BigInt(n), 2);
  if (spec.mask) {
    spec.mask.copy(bytes, 2 + lengthBytes, 0, 4);
    for (let i = 0; i < n; i++) bytes[headerLength + i] = payload[i]! ^ spec.mask[i & 3]!;
  } else {
    payload.copy(bytes, headerLength);
  }
  return { bytes, headerLength };
}

/** Shorthand: the frame's bytes only. */
export function frame(spec: FrameSpec): Buffer {
  return encodeFrame(spec).bytes;
}

/** A Close payload: 2-byte code and UTF-8 reason. */
export function closePayload(code: number, reason = ""): Buffer {
  const reasonBytes = Buffer.from(reason, "utf8");
  const payload = Buffer.alloc(2 + reasonBytes.length);
  payload.writeUInt16BE(code, 0);
  reasonBytes.copy(payload, 2);
  return payload;
}

export interface DecodedFrame {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  /** The payload, unmasked. */
  payload: Buffer;
  /** Bytes the length field used: 0 (7-bit), 2 or 8. */
  lengthBytes: number;
}

/** Decodes every whole frame in `bytes`; throws if bytes are left over (an incomplete frame). */
export function decodeFrames(bytes: Buffer): DecodedFrame[] {
  const frames: DecodedFrame[] = [];
  let i = 0;
  while (i < bytes.length) {
    if (bytes.length - i < 2) throw new Error(`incomplete frame header at ${i}`);
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1]!;
    let length = b1 & 0x7f;
    let p = i + 2;
    let lengthBytes = 0;
    if (length === 126) {
      length = bytes.readUInt16BE(p);
      p += 2;
      lengthBytes = 2;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(p));
      p += 8;
      lengthBytes = 8;
    }
    const masked = (b1 & 0x80) !== 0;
    let mask: Buffer | null = null;
    if (masked) {
      mask = bytes.subarray(p, p + 4);
      p += 4;
    }
    if (p + length > bytes.length) throw new Error(`incomplete frame payload at ${i}`);
    const payload = Buffer.from(bytes.subarray(p, p + length));
    if (mask) for (let k = 0; k < payload.length; k++) payload[k] = payload[k]! ^ mask[k & 3]!;
    frames.push({
      fin: (b0 & 0x80) !== 0,
      rsv1: (b0 & 0x40) !== 0,
      rsv2: (b0 & 0x20) !== 0,
      rsv3: (b0 & 0x10) !== 0,
      opcode: b0 & 0x0f,
      masked,
      payload,
      lengthBytes,
    });
    i = p + length;
  }
  return frames;
}

/** Every whole frame in `bytes` (an unfinished last frame is left out). */
export function wholeFrames(bytes: Buffer): DecodedFrame[] {
  for (let end = bytes.length; end >= 0; end--) {
    try {
      return decodeFrames(bytes.subarray(0, end));
    } catch {
      // an unfinished frame at the end: try a shorter prefix
    }
  }
  return [];
}
