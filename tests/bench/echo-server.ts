/**
 * The benchmark's backend, forked by run.ts: a raw WebSocket echo server on loopback.
 * It does the handshake by hand and then rewrites the byte stream frame by frame (client
 * frame → the same frame unmasked, as a server sends it; Ping → Pong; Close echoed, then
 * the socket ends), streaming: nothing is buffered past a frame header, and each chunk read
 * gives one write. Lean enough that the backend is never what a proxy is measured against.
 * Sends `{ port }` over IPC once listening; exits when run.ts goes away.
 */
import net from "node:net";
import { acceptFor } from "./ws-wire";

const MAX_HANDSHAKE = 16 * 1024;

class EchoConnection {
  private handshake: Buffer | null = Buffer.alloc(0);
  /** Header bytes of the frame being read. */
  private readonly header = Buffer.alloc(14);
  private headerLength = 0;
  private headerNeed = 2;
  private remaining = 0;
  private readonly mask = Buffer.alloc(4);
  private maskZero = true;
  private maskPos = 0;
  private drop = false;
  private closing = false;

  constructor(private readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => (this.handshake ? this.onHandshake(chunk) : this.onFrames(chunk)));
    socket.on("error", () => socket.destroy());
  }

  private onHandshake(chunk: Buffer): void {
    const buffered = Buffer.concat([this.handshake!, chunk]);
    const end = buffered.indexOf("\r\n\r\n");
    if (end < 0) {
      if (buffered.length > MAX_HANDSHAKE) this.socket.destroy();
      else this.handshake = buffered;
      return;
    }
    const head = buffered.toString("latin1", 0, end);
    const key = /^sec-websocket-key:[ \t]*(\S+)/im.exec(head)?.[1];
    if (!key) {
      this.socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    this.handshake = null;
    this.socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n\r\n`);
    if (buffered.length > end + 4) this.onFrames(buffered.subarray(end + 4));
  }

  private onFrames(chunk: Buffer): void {
    // A server frame is 4 bytes shorter than the masked client frame it echoes; a header
    // completed in this chunk may have started in the previous one (at most 14 bytes).
    const out = Buffer.allocUnsafe(chunk.length + 14);
    const n = chunk.length;
    let i = 0;
    let o = 0;
    while (i < n) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, n - i);
        if (!this.drop) {
          if (this.maskZero) {
            chunk.copy(out, o, i, i + take);
          } else {
            const m = this.mask;
            for (let k = 0; k < take; k++) out[o + k] = chunk[i + k]! ^ m[(this.maskPos + k) & 3]!;
          }
          o += take;
        }
        this.maskPos += take;
        this.remaining -= take;
        i += take;
        continue;
      }
      this.header[this.headerLength++] = chunk[i++]!;
      if (this.headerLength === 2) {
        const len7 = this.header[1]! & 0x7f;
        this.headerNeed = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (this.header[1]! & 0x80 ? 4 : 0);
      }
      if (this.headerLength === this.headerNeed) o = this.frameHeaderDone(out, o);
    }
    if (o > 0) this.socket.write(out.subarray(0, o));
    if (this.closing && this.remaining === 0) this.socket.end();
  }

  /** Writes the server header of the frame whose header was just read; returns the new offset. */
  private frameHeaderDone(out: Buffer, o: number): number {
    const h = this.header;
    const len7 = h[1]! & 0x7f;
    const extended = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
    const masked = (h[1]! & 0x80) !== 0;
    this.remaining = len7 === 126 ? h.readUInt16BE(2) : len7 === 127 ? Number(h.readBigUInt64BE(2)) : len7;
    if (masked) h.copy(this.mask, 0, 2 + extended, 6 + extended);
    else this.mask.fill(0);
    this.maskZero = this.mask.readUInt32BE(0) === 0;
    this.maskPos = 0;
    this.headerLength = 0;
    this.headerNeed = 2;
    const opcode = h[0]! & 0x0f;
    this.drop = opcode === 0xa || this.closing;
    if (this.drop) return o;
    if (opcode === 0x8) this.closing = true;
    out[o] = opcode === 0x9 ? (h[0]! & 0xf0) | 0xa : h[0]!;
    out[o + 1] = len7;
    h.copy(out, o + 2, 2, 2 + extended);
    return o + 2 + extended;
  }
}

const server = net.createServer({ noDelay: true }, (socket) => new EchoConnection(socket));
server.listen({ host: "127.0.0.1", port: 0, backlog: 4096 }, () => {
  process.send!({ port: (server.address() as net.AddressInfo).port });
});
process.on("disconnect", () => process.exit(0));
