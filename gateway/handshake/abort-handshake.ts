import type { Duplex } from "node:stream";
import { STATUS_CODES } from "node:http";

/**
 * Answers a handshake with an HTTP error and APIM's JSON body, then closes the socket.
 * `{"statusCode": 401, "message": "..."}` is the body shape APIM clients already parse.
 */
export function abortHandshake(socket: Duplex, status: number, message: string, headers?: Record<string, string>): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ statusCode: status, message });
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n`;
  if (headers) for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
  socket.once("finish", () => socket.destroy());
  socket.end(head + "\r\n" + body);
}
