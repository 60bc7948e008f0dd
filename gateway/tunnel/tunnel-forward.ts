/** The JS relay's message-limit plumbing: a direction's limiter and what may be forwarded after a limited scan. */
import type { Socket } from "node:net";
import { CLOSE_MESSAGE_TOO_BIG, CLOSE_POLICY_VIOLATION } from "./close-codes";
import type { FrameScanner } from "./frame-scanner";
import { MessageLimiter, VIOLATION_SIZE } from "./message-limiter";
import { directionLimits, messageTooBigReason, RATE_LIMIT_REASON } from "./relay-types";

/** The limiter for one direction, or null when it has no size or rate limit. */
export function limiterFor(maxBytes: number, rate: { calls: number; periodMs: number } | null): MessageLimiter | null {
  const d = directionLimits(maxBytes, rate);
  return d === null ? null : new MessageLimiter(d.maxBytes, d.calls, d.periodMs);
}

/** Ends `scanner`'s limit checks (the tunnel is closing); true if it held back header bytes. */
export function dropLimiter(scanner: FrameScanner): boolean {
  const limiter = scanner.limiter;
  if (limiter === null) return false;
  scanner.limiter = null;
  return limiter.held !== null;
}

/**
 * After `scanLimited(chunk)`: writes to `to` what may go (bytes held back before, then the
 * chunk up to a violating frame or an unfinished header), holds back the tail of an
 * unfinished header. When a limit was broken (`limiter.violation`), the stream ends just before
 * the violating frame: none of it was written.
 */
export function forwardChecked(limiter: MessageLimiter, scanner: FrameScanner, chunk: Buffer, from: Socket, to: Socket): void {
  const held = limiter.held;
  let end = chunk.length;
  if (limiter.violation !== 0) {
    limiter.held = null;
    if (limiter.frameStart < 0) return; // the violating header began in the held bytes
    end = limiter.frameStart;
  } else if (scanner.inHeader) {
    // A copy (14 bytes at most), kept until the header is whole. Rare: headers seldom straddle reads.
    if (limiter.frameStart < 0) {
      limiter.held = held === null ? Buffer.from(chunk) : Buffer.concat([held, chunk]);
      return;
    }
    end = limiter.frameStart;
    limiter.held = Buffer.from(chunk.subarray(end));
  } else if (held !== null) {
    limiter.held = null;
  }
  let ok = true;
  if (held !== null) ok = to.write(held);
  if (end > 0) ok = to.write(end === chunk.length ? chunk : chunk.subarray(0, end));
  if (!ok) from.pause();
}

/** The Close code for the limit `limiter` saw broken. */
export function violationCode(limiter: MessageLimiter): number {
  return limiter.violation === VIOLATION_SIZE ? CLOSE_MESSAGE_TOO_BIG : CLOSE_POLICY_VIOLATION;
}

/** The Close reason for the limit `limiter` saw broken. */
export function violationReason(limiter: MessageLimiter): string {
  return limiter.violation === VIOLATION_SIZE ? messageTooBigReason(limiter.maxMessageBytes) : RATE_LIMIT_REASON;
}
