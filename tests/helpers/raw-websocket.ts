/**
 * WebSocket peers made of raw TCP sockets: they do the opening handshake by hand and then
 * record every byte they receive, so a test can compare the bytes on the wire exactly.
 */
import { createHash, randomBytes } from "node:crypto";
import net, { type AddressInfo, type Socket } from "node:net";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 §4.2.2). */
export function acceptFor(key: string): string {
  return createHash("sha1").update(key + GUID).digest("base64");
}

/** Bytes received on a socket after the handshake, and how many `data` events brought them. */
export class ByteRecord {
  readonly chunks: Buffer[] = [];
  /** Resolves with every byte received once the peer ends its side (FIN). */
  readonly ended: Promise<Buffer>;
  private resolveEnded!: (bytes: Buffer) => void;

  constructor() {
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  push(chunk: Buffer): void {
    if (chunk.length > 0) this.chunks.push(chunk);
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  end(): void {
    this.resolveEnded(this.bytes);
  }
}

/** Writes `bytes` in one write, or one byte per write with a pause between so each travels alone. */
export async function writeBytes(socket: Socket, bytes: Buffer, mode: "whole" | "bytewise" = "whole"): Promise<void> {
  if (mode === "whole") {
    socket.write(bytes);
    return;
  }
  for (let i = 0; i < bytes.length; i++) {
    socket.write(bytes.subarray(i, i + 1));
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Splits a buffer at the end of an HTTP head; null while the head is incomplete. */
function splitHead(buffer: Buffer): { head: string; rest: Buffer } | null {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return null;
  return { head: buffer.subarray(0, end).toString("latin1"), rest: buffer.subarray(end + 4) };
}

/** Header lines as [name, value] in order, and a lower-cased lookup (repeats joined with ", "). */
function parseHeaderLines(lines: string[]): { raw: [string, string][]; get: Record<string, string> } {
  const raw: [string, string][] = [];
  const get: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    raw.push([name, value]);
    const lower = name.toLowerCase();
    get[lower] = get[lower] === undefined ? value : `${get[lower]}, ${value}`;
  }
  return { raw, get };
}

/** What the recording backend answers a handshake with. */
export interface BackendReply {
  /** Sec-WebSocket-Protocol to select (default: the first one offered). */
  protocol?: string | null;
  /** Sec-WebSocket-Extensions to answer; `true` echoes the client's offer verbatim. */
  extensions?: string | true | null;
  /** Frames written in the same write() as the 101 response. */
  greeting?: Buffer;
}

export interface RecordedConnection {
  path: string;
  requestLine: string;
  headers: Record<string, string>;
  /** The Sec-WebSocket-Accept this backend sent. */
  accept: string;
  /** The 101 response exactly as written (head only). */
  response: string;
  record: ByteRecord;
  socket: Socket;
}

export interface RecordingBackend {
  port: number;
  /** Resolves when a handshake for exactly `path` (path and query) has been answered. */
  connection: (path: string) => Promise<RecordedConnection>;
  /** Every path that reached the handshake, in order. */
  paths: string[];
  close: () => Promise<void>;
}

/**
 * A raw TCP server on loopback that completes the WebSocket handshake itself and records
 * every byte received afterwards; the test writes whatever raw bytes it wants back.
 */
export async function startRecordingBackend(reply: (path: string, headers: Record<string, string>) => BackendReply = () => ({})): Promise<RecordingBackend> {
  const waiting = new Map<string, (c: RecordedConnection) => void>();
  const done = new Map<string, RecordedConnection>();
  const paths: string[] = [];
  const sockets = new Set<Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.setNoDelay(true);
    let buffered = Buffer.alloc(0);
    let connection: RecordedConnection | null = null;
    socket.on("data", (chunk: Buffer) => {
      if (connection) return connection.record.push(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      const split = splitHead(buffered);
      if (!split) return;
      const [requestLine, ...lines] = split.head.split("\r\n");
      const path = requestLine!.split(" ")[1]!;
      const { get: headers } = parseHeaderLines(lines);
      const key = headers["sec-websocket-key"] ?? "";
      const answer = reply(path, headers);
      const offered = (headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim()).filter(Boolean);
      const protocol = answer.protocol === undefined ? (offered[0] ?? null) : answer.protocol;
      const extensions = answer.extensions === true ? (headers["sec-websocket-extensions"] ?? null) : (answer.extensions ?? null);
      const accept = acceptFor(key);
      let response = `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n`;
      if (protocol) response += `Sec-WebSocket-Protocol: ${protocol}\r\n`;
      if (extensions) response += `Sec-WebSocket-Extensions: ${extensions}\r\n`;
      response += "\r\n";
      socket.write(Buffer.concat([Buffer.from(response, "latin1"), answer.greeting ?? Buffer.alloc(0)]));
      connection = { path, requestLine: requestLine!, headers, accept, response, record: new ByteRecord(), socket };
      connection.record.push(split.rest);
      const conn = connection;
      socket.on("end", () => conn.record.end());
      paths.push(path);
      done.set(path, conn);
      waiting.get(path)?.(conn);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    paths,
    connection: (path) => {
      const found = done.get(path);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiting.set(path, resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface RawClient {
  key: string;
  status: number;
  /** The response head (status line and headers, without the blank line). */
  head: string;
  /** Response headers in order as sent. */
  rawHeaders: [string, string][];
  headers: Record<string, string>;
  /** Bytes after the response head (frames after a 101, the body otherwise). */
  record: ByteRecord;
  socket: Socket;
}

/**
 * Connects to 127.0.0.1:`port`, sends a hand-made opening handshake for `path` with
 * `extraHeaders` (and `firstFrames` in the same write, if given), and resolves once the
 * response head has arrived.
 */
export function openRawClient(port: number, path: string, extraHeaders: [string, string][] = [], firstFrames?: Buffer): Promise<RawClient> {
  const key = randomBytes(16).toString("base64");
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port, allowHalfOpen: true });
    socket.setNoDelay(true);
    socket.on("error", reject);
    const record = new ByteRecord();
    let buffered = Buffer.alloc(0);
    let client: RawClient | null = null;
    socket.on("data", (chunk: Buffer) => {
      if (client) return record.push(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      const split = splitHead(buffered);
      if (!split) return;
      const [statusLine, ...lines] = split.head.split("\r\n");
      const { raw, get } = parseHeaderLines(lines);
      client = { key, status: Number(statusLine!.split(" ")[1]), head: split.head, rawHeaders: raw, headers: get, record, socket };
      record.push(split.rest);
      resolve(client);
    });
    socket.on("end", () => {
      record.end();
      if (!client) reject(new Error(`connection ended before a response: ${buffered.toString("latin1")}`));
    });
    let request = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n`;
    for (const [name, value] of extraHeaders) request += `${name}: ${value}\r\n`;
    request += "\r\n";
    socket.write(firstFrames ? Buffer.concat([Buffer.from(request, "latin1"), firstFrames]) : request);
  });
}

/** null when `actual` equals `expected`, else where they first differ (readable in a failure). */
export function byteDifference(actual: Buffer, expected: Buffer): string | null {
  if (actual.equals(expected)) return null;
  const n = Math.min(actual.length, expected.length);
  let i = 0;
  while (i < n && actual[i] === expected[i]) i++;
  const around = (b: Buffer) => b.subarray(Math.max(0, i - 4), i + 8).toString("hex");
  return `lengths ${actual.length} vs ${expected.length}; first difference at byte ${i}: ${around(actual)} vs ${around(expected)}`;
}
