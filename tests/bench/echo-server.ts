/**
 * The benchmark's backend, forked by run.ts: a raw WebSocket echo server on loopback.
 * It does the handshake by hand and then rewrites the byte stream frame by frame (client
 * frame → the same frame unmasked, as a server sends it; Ping → Pong; Close echoed, then
 * the socket ends), streaming: nothing is buffered past a frame header, and each chunk read
 * gives one write. Lean enough that the backend is never what a proxy is measured against.
 *
 * Server push (the fan-out workload): a WebSocket whose upgrade path ends in `/push?s=ID`
 * subscribes to session ID instead of being echoed to. A control connection (plain TCP, no
 * HTTP: `PUSH ID SIZE ROUNDS\n`, straight to this port, never through a proxy) starts the
 * session: ROUNDS broadcasts at once, then one more per byte the control connection sends (the
 * load client's "round delivered everywhere"), so at most ROUNDS rounds are ever in flight. A
 * broadcast writes one binary frame of SIZE bytes to each subscriber, one `write()` each, whose
 * first 8 payload bytes are the send time (µs on the monotonic clock every process shares).
 * Sends `{ port }` over IPC once listening; exits when run.ts goes away.
 */
import net from "node:net";
import { acceptFor, pushFrame } from "./ws-wire";

const MAX_HANDSHAKE = 16 * 1024;

/** Subscribers of each push session, by session id (from the upgrade path's `s=`). */
const sessions = new Map<string, Set<net.Socket>>();

function subscribe(id: string, socket: net.Socket): void {
  let set = sessions.get(id);
  if (!set) sessions.set(id, (set = new Set()));
  set.add(socket);
  socket.once("close", () => set.delete(socket));
}

/** A push session's control connection: starts the broadcasts and paces them by its acks. */
function controlSession(socket: net.Socket, line: string, rest: Buffer): void {
  const [, id, sizeText, roundsText] = line.split(" ");
  const size = Number(sizeText);
  const rounds = Number(roundsText);
  const subscribers = sessions.get(id ?? "");
  if (!subscribers || !(size >= 8) || !(rounds >= 1)) {
    socket.end(`ERROR no subscribers or bad command: ${line}\n`);
    return;
  }
  let open = true;
  const broadcast = () => {
    const frame = pushFrame(size);
    for (const s of subscribers) s.write(frame);
  };
  socket.on("data", (chunk: Buffer) => {
    for (let i = 0; i < chunk.length && open; i++) broadcast();
  });
  socket.once("close", () => {
    open = false;
    sessions.delete(id!);
  });
  for (let i = 0; i < rounds; i++) broadcast();
  if (rest.length > 0) socket.emit("data", rest);
}

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
    if (buffered.length >= 5 && buffered.toString("latin1", 0, 5) === "PUSH ") {
      const nl = buffered.indexOf("\n");
      if (nl < 0) return void (this.handshake = buffered);
      this.handshake = null;
      this.socket.removeAllListeners("data");
      controlSession(this.socket, buffered.toString("latin1", 0, nl).trim(), buffered.subarray(nl + 1));
      return;
    }
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
    const session = /^GET \S*\/push\?s=([\w-]+)/.exec(head)?.[1];
    if (session !== undefined) subscribe(session, this.socket);
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
