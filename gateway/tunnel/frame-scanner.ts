/**
 * Reads WebSocket frame headers (RFC 6455 §5.2) out of a byte stream without copying or
 * unmasking payloads. It counts whole messages, knows where each frame ends so the gateway
 * can put its own frame on the wire without splitting one in flight, and captures the
 * (small) payload of Close frames so the log can say which code ended a connection.
 *
 * All state is plain numbers on one object: the per-chunk loop allocates nothing, and
 * payload bytes are skipped in O(1) per frame, whatever the chunking.
 */

import type { MessageLimiter } from "./message-limiter";
import { OPCODE_CLOSE, OPCODE_CONTINUATION } from "./opcodes";

const enum State {
  /** Next byte is byte 0 of a frame header (FIN, RSV, opcode). */
  FrameStart = 0,
  /** Next byte is byte 1 (MASK, 7-bit length). */
  Length7 = 1,
  /** Reading a 16- or 64-bit extended length. */
  ExtendedLength = 2,
  /** Reading the 4-byte masking key. */
  MaskKey = 3,
  /** Skipping payload bytes. */
  Payload = 4,
}

/** Largest payload length the scanner accepts (2^53 - 1): past it, numbers lose precision. */
const MAX_SAFE_LENGTH = Number.MAX_SAFE_INTEGER;

/** One direction's frame reader: counts, boundaries, the first Close frame, optional message limits. */
export class FrameScanner {
  private state: State = State.FrameStart;
  private fin = false;
  private opcode = 0;
  private masked = false;
  private need = 0;
  private length = 0;
  private remaining = 0;
  /** Mask key bytes, as one 32-bit number (only kept for Close frames). */
  private maskKey = 0;
  /** Bytes of the current (unfinished) data message seen so far. */
  private messageBytes = 0;
  /** Close-frame capture: payload bytes read so far into `closePayload`. */
  private closeFill = -1;
  private closePayload: Buffer | null = null;

  /** Frames whose header has been read. */
  frames = 0;
  /** Close frames whose header has been read. */
  closeFrames = 0;
  /** Whole data messages (text or binary, fragments counted once). */
  messages = 0;
  /** The first Close frame seen: its code (1005 when it carried none) or 0 before one. */
  closeCode = 0;
  closeReason = "";
  /** True once the stream broke the framing rules (a 64-bit length with the top bit set). */
  malformed = false;
  /** Largest whole message seen, in payload bytes (for message-size policies and tests). */
  largestMessage = 0;
  /** Message limits `scanLimited` enforces; null (the default) for none. */
  limiter: MessageLimiter | null = null;

  /** True between frames: a frame of the gateway's own may be written here. */
  get atFrameBoundary(): boolean {
    return this.state === State.FrameStart;
  }

  /**
   * Scans `chunk` from `start`. Returns the number of whole data messages whose final
   * frame header it read (`scanToBoundary` is the variant that stops at a frame boundary).
   */
  scan(chunk: Buffer, start = 0): number {
    const before = this.messages;
    const n = chunk.length;
    let i = start;
    while (i < n) {
      if (this.state === State.Payload) {
        i = this.payload(chunk, i);
        if (i < 0) break;
        continue;
      }
      this.headerByte(chunk[i++]!);
    }
    return this.messages - before;
  }

  /** True while a frame header is partly read (a chunk ended inside it). */
  get inHeader(): boolean {
    return this.state !== State.FrameStart && this.state !== State.Payload;
  }

  /**
   * `scan` with the `limiter`'s checks: stops just past the header of the first data frame
   * that breaks a limit, with `limiter.violation`, `frameStart` (where that frame began) and
   * `stoppedAt` set. That frame and its message are not counted. Returns the number of whole
   * data messages whose final frame header it read before stopping.
   */
  scanLimited(chunk: Buffer, start = 0): number {
    const limiter = this.limiter!;
    const before = this.messages;
    const n = chunk.length;
    let i = start;
    limiter.frameStart = this.inHeader ? -1 : start;
    while (i < n) {
      const state = this.state;
      if (state === State.Payload) {
        i = this.payload(chunk, i);
        if (i < 0) break;
        continue;
      }
      if (state === State.FrameStart) limiter.frameStart = i;
      this.headerByte(chunk[i++]!);
      if (limiter.violation !== 0) {
        limiter.stoppedAt = i;
        break;
      }
    }
    return this.messages - before;
  }

  /**
   * Offset in `chunk` (from `start`) of the first frame boundary, scanning up to it;
   * -1 when the chunk ends inside a frame (the whole chunk has then been scanned).
   */
  scanToBoundary(chunk: Buffer, start = 0): number {
    if (this.state === State.FrameStart) return start;
    const n = chunk.length;
    let i = start;
    while (i < n) {
      if (this.state === State.Payload) {
        if (this.closeFill >= 0) {
          i = this.captureClose(chunk, i);
        } else {
          const take = Math.min(this.remaining, n - i);
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) this.state = State.FrameStart;
        }
      } else {
        this.headerByte(chunk[i++]!);
      }
      if (this.state === State.FrameStart) return i;
    }
    return -1;
  }

  /**
   * In the Payload state: skips payload bytes from `i` (or captures a Close frame's); the offset
   * after them, or -1 when the chunk ends inside the payload.
   */
  private payload(chunk: Buffer, i: number): number {
    if (this.closeFill >= 0) return this.captureClose(chunk, i);
    const left = chunk.length - i;
    if (this.remaining > left) {
      this.remaining -= left;
      return -1;
    }
    i += this.remaining;
    this.remaining = 0;
    this.state = State.FrameStart;
    return i;
  }

  private headerByte(b: number): void {
    switch (this.state) {
      case State.FrameStart:
        this.fin = (b & 0x80) !== 0;
        this.opcode = b & 0x0f;
        this.state = State.Length7;
        return;
      case State.Length7: {
        this.masked = (b & 0x80) !== 0;
        const len7 = b & 0x7f;
        if (len7 < 126) {
          this.length = len7;
          this.afterLength();
        } else {
          this.length = 0;
          this.need = len7 === 126 ? 2 : 8;
          this.state = State.ExtendedLength;
        }
        return;
      }
      case State.ExtendedLength:
        if (this.need === 8 && b & 0x80) this.malformed = true;
        this.length = this.length * 256 + b;
        if (--this.need === 0) {
          if (this.length > MAX_SAFE_LENGTH) this.malformed = true;
          this.afterLength();
        }
        return;
      case State.MaskKey:
        this.maskKey = ((this.maskKey << 8) | b) >>> 0;
        if (--this.need === 0) this.headerDone();
        return;
    }
  }

  private afterLength(): void {
    if (this.masked) {
      this.need = 4;
      this.maskKey = 0;
      this.state = State.MaskKey;
    } else {
      this.headerDone();
    }
  }

  private headerDone(): void {
    this.frames++;
    const op = this.opcode;
    if (op < 0x8) {
      // Data frame: a new message starts with a non-continuation opcode.
      const messageBytes = op === OPCODE_CONTINUATION ? this.messageBytes + this.length : this.length;
      // A frame breaking a limit is not counted: the tunnel cuts the stream before it.
      if (this.limiter === null || !this.limiter.exceeds(op, messageBytes)) {
        this.messageBytes = messageBytes;
        if (this.fin) {
          this.messages++;
          if (messageBytes > this.largestMessage) this.largestMessage = messageBytes;
          this.messageBytes = 0;
        }
      }
    } else if (op === OPCODE_CLOSE && this.closeFrames++ === 0) {
      if (this.length >= 2 && this.length <= 125) {
        this.closePayload = Buffer.allocUnsafe(this.length);
        this.closeFill = 0;
      } else {
        this.closeCode = 1005;
      }
    }
    this.remaining = this.length;
    this.state = this.length === 0 ? State.FrameStart : State.Payload;
  }

  /** Copies Close payload bytes (at most 125, once per connection); returns the new offset. */
  private captureClose(chunk: Buffer, i: number): number {
    const payload = this.closePayload!;
    const take = Math.min(this.remaining, chunk.length - i);
    chunk.copy(payload, this.closeFill, i, i + take);
    this.closeFill += take;
    this.remaining -= take;
    if (this.remaining === 0) {
      if (this.masked) {
        for (let k = 0; k < payload.length; k++) payload[k]! ^= (this.maskKey >>> (24 - 8 * (k & 3))) & 0xff;
      }
      this.closeCode = payload.readUInt16BE(0);
      this.closeReason = payload.toString("utf8", 2);
      this.closePayload = null;
      this.closeFill = -1;
      this.state = State.FrameStart;
    }
    return i + take;
  }
}
