import type { Duplex } from "node:stream";
import { STATUS_CODES } from "node:http";
import { isSafeHeaderValue } from "./backend-request";

/**
 * Answers a handshake with an HTTP error and APIM's JSON body, then closes the socket.
 * `{"statusCode": 401, "message": "..."}` is the body shape APIM clients already parse;
 * return-response gives its own `body` (and Content-Type among its `headers`).
 */
export function abortHandshake(
  socket: Duplex,
  status: number,
  message: string,
  headers?: Record<string, string>,
  body?: string,
  statusText: string = STATUS_CODES[status] ?? "Error",
): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const payload = body ?? JSON.stringify({ statusCode: status, message });
  const ownType = headers !== undefined && Object.keys(headers).some((n) => n.toLowerCase() === "content-type");
  let head = `HTTP/1.1 ${status} ${statusText}\r\n`;
  if (!ownType) head += body === undefined ? "Content-Type: application/json; charset=utf-8\r\n" : "Content-Type: text/plain; charset=utf-8\r\n";
  head += `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n`;
  if (headers) {
    for (const name in headers) {
      const lower = name.toLowerCase();
      if (lower === "content-length" || lower === "connection" || !isSafeHeaderValue(name + headers[name])) continue;
      head += `${name}: ${headers[name]}\r\n`;
    }
  }
  socket.once("finish", () => socket.destroy());
  socket.end(head + "\r\n" + payload);
}
