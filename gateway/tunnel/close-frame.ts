import { OPCODE_CLOSE } from "./opcodes";

/** A Close frame as a server sends it (unmasked). */
export function serverCloseFrame(code: number, reason: string): Buffer {
  const payload = closePayload(code, reason);
  const frame = Buffer.allocUnsafe(2 + payload.length);
  frame[0] = 0x80 | OPCODE_CLOSE;
  frame[1] = payload.length;
  payload.copy(frame, 2);
  return frame;
}

/** A Close frame as a client sends it (masked, RFC 6455 §5.3). */
export function clientCloseFrame(code: number, reason: string, maskKey: Buffer): Buffer {
  const payload = closePayload(code, reason);
  const frame = Buffer.allocUnsafe(6 + payload.length);
  frame[0] = 0x80 | OPCODE_CLOSE;
  frame[1] = 0x80 | payload.length;
  maskKey.copy(frame, 2, 0, 4);
  for (let k = 0; k < payload.length; k++) frame[6 + k] = payload[k]! ^ maskKey[k & 3]!;
  return frame;
}

function closePayload(code: number, reason: string): Buffer {
  // A control frame carries at most 125 bytes: 2 for the code, 123 for the reason.
  let reasonBytes = Buffer.from(reason, "utf8");
  if (reasonBytes.length > 123) {
    // Cut before a character, not inside one: a Close reason must be valid UTF-8 (RFC 6455 §5.5.1).
    let cut = 123;
    while ((reasonBytes[cut]! & 0xc0) === 0x80) cut--;
    reasonBytes = reasonBytes.subarray(0, cut);
  }
  const payload = Buffer.allocUnsafe(2 + reasonBytes.length);
  payload.writeUInt16BE(code, 0);
  reasonBytes.copy(payload, 2);
  return payload;
}
