import { OPCODE_CONTINUATION } from "./opcodes";

/** Why `scanLimited` stopped: a message grew past `maxMessageBytes` (close 1009). */
export const VIOLATION_SIZE = 1;
/** Why `scanLimited` stopped: a message started past `rateCalls` in the window (close 1008). */
export const VIOLATION_RATE = 2;

/**
 * One direction's message limits, checked by `FrameScanner.scanLimited` at each data frame's
 * header, so a violating frame is known before any of it has to be forwarded. Plain numbers,
 * set up once per connection: checking allocates nothing.
 */
export class MessageLimiter {
  /** Time in ms for the rate window; the caller sets it before each `scanLimited` (rate limits only). */
  now = 0;
  /** Start and message count of the current rate window. */
  private windowStart = 0;
  private windowCount = 0;
  /** What stopped the last `scanLimited` (VIOLATION_SIZE or VIOLATION_RATE), or 0. */
  violation = 0;
  /**
   * Offset in the last chunk given to `scanLimited` where the current frame's header began;
   * -1 when it began in an earlier chunk (the tunnel then holds those bytes in `held`).
   */
  frameStart = 0;
  /** Offset just past the violating frame's header, where `scanLimited` stopped. */
  stoppedAt = 0;
  /** Bytes of a frame header that ended a chunk, kept back by the tunnel until the header is whole. */
  held: Buffer | null = null;

  /**
   * @param maxMessageBytes largest whole message in payload bytes (0 = none)
   * @param rateCalls messages allowed per `ratePeriodMs` (0 = none)
   */
  constructor(
    readonly maxMessageBytes: number,
    readonly rateCalls: number,
    readonly ratePeriodMs: number,
  ) {}

  /** Checks a data frame whose message reaches `messageBytes` with it; true (and `violation` set) when it breaks a limit. */
  exceeds(opcode: number, messageBytes: number): boolean {
    if (this.maxMessageBytes !== 0 && messageBytes > this.maxMessageBytes) {
      this.violation = VIOLATION_SIZE;
      return true;
    }
    if (opcode !== OPCODE_CONTINUATION && this.rateCalls !== 0) {
      // Fixed window, opened by the first message after the previous one expired: exact
      // ("N pass, N+1 closes"), two numbers, no per-message timestamps kept. It lets up to
      // 2N through across a window edge, which a message flood cannot sustain.
      if (this.now - this.windowStart >= this.ratePeriodMs) {
        this.windowStart = this.now;
        this.windowCount = 0;
      }
      if (++this.windowCount > this.rateCalls) {
        this.violation = VIOLATION_RATE;
        return true;
      }
    }
    return false;
  }
}
