import { randomBytes } from "node:crypto";
import http from "node:http";
import type { Socket } from "node:net";
import WebSocket from "ws";

export interface HandshakeAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Response body (empty for a 101). */
  body: string;
  /** Milliseconds from sending the request to the end of the answer. */
  elapsedMs: number;
  /** The upgraded socket, for a 101 (the caller owns it). */
  socket: Socket | null;
}

/**
 * Sends one WebSocket handshake request to `url` (http:// or ws://) and reports the raw
 * answer: the status, headers and body a refusal carries, which `ws` clients hide.
 */
export function attemptHandshake(url: string, headers: Record<string, string> = {}): Promise<HandshakeAnswer> {
  const target = new URL(url.replace(/^ws/, "http"));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({
      hostname: target.hostname,
      port: target.port,
      path: target.pathname + target.search,
      agent: false,
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
        ...headers,
      },
    });
    req.on("upgrade", (res, socket) =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: "", elapsedMs: performance.now() - started, socket }),
    );
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString(), elapsedMs: performance.now() - started, socket: null }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Opens a `ws` client and resolves once it is open (rejects on error or a refused handshake). */
export function openClient(url: string, protocols?: string | string[], options?: WebSocket.ClientOptions): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, options);
    ws.once("open", () => {
      ws.off("error", reject);
      resolve(ws);
    });
    ws.once("error", reject);
  });
}

/** Resolves with the code and reason of the client's `close` event. */
export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.reject(new Error("socket already closed"));
  return new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** Sends `data` and resolves with the next message (as received: Buffer and binary flag). */
export function roundTrip(ws: WebSocket, data: string | Buffer): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new Error("closed before the echo arrived"));
    ws.once("close", onClose);
    ws.once("message", (message, isBinary) => {
      ws.off("close", onClose);
      resolve({ data: message as Buffer, isBinary });
    });
    ws.send(data);
  });
}
