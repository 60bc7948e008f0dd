import { createHash } from "node:crypto";

/** RFC 6455 §1.3 */
const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** The Sec-WebSocket-Accept answer to `key`. */
export function acceptFor(key: string): string {
  return createHash("sha1").update(key + WS_GUID).digest("base64");
}

/** The benchmark clients' handshake key (every connection may use the same one). */
export const CLIENT_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
export const CLIENT_ACCEPT = acceptFor(CLIENT_KEY);

/** A client's upgrade request, as bytes (with `headers` added, e.g. a subscription key and a token). */
export function upgradeRequest(port: number, path: string, headers: [string, string][] = []): Buffer {
  return Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${CLIENT_KEY}\r\nSec-WebSocket-Version: 13\r\n` +
      headers.map(([name, value]) => `${name}: ${value}\r\n`).join("") +
      "\r\n",
    "latin1",
  );
}

/** Header length of a frame carrying `size` payload bytes (without the mask key). */
function headerLength(size: number): number {
  return size < 126 ? 2 : size < 0x10000 ? 4 : 10;
}

/** Length on the wire of the unmasked (server) frame carrying `size` payload bytes. */
export function serverFrameLength(size: number): number {
  return headerLength(size) + size;
}

/**
 * A final binary frame as a client sends it, masked with the all-zero key: valid framing
 * (RFC 6455 §5.3: XOR with the key), so proxies see ordinary client frames, while the
 * echo backend's unmasking is free and neither side of the load costs more than it must.
 */
export function clientBinaryFrame(size: number): Buffer {
  const h = headerLength(size);
  const frame = Buffer.alloc(h + 4 + size, 0x61);
  frame[0] = 0x82;
  if (size < 126) {
    frame[1] = 0x80 | size;
  } else if (size < 0x10000) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(size, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(size), 2);
  }
  frame.fill(0, h, h + 4);
  return frame;
}

/** Microseconds on the monotonic clock, which every process on the machine shares. */
export function monotonicMicros(): number {
  const [seconds, nanos] = process.hrtime();
  return seconds * 1e6 + nanos / 1e3;
}

/**
 * A server binary frame of `size` (>= 8) payload bytes whose first 8 are the send time
 * (`monotonicMicros()`, a little-endian double), so that a receiver can time the delivery.
 */
export function pushFrame(size: number): Buffer {
  const h = headerLength(size);
  const frame = Buffer.alloc(h + size, 0x62);
  frame[0] = 0x82;
  if (size < 126) {
    frame[1] = size;
  } else if (size < 0x10000) {
    frame[1] = 126;
    frame.writeUInt16BE(size, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(size), 2);
  }
  frame.writeDoubleLE(monotonicMicros(), h);
  return frame;
}

/** Where the payload of a server frame carrying `size` bytes starts. */
export function serverHeaderLength(size: number): number {
  return headerLength(size);
}
