import type { IncomingMessage } from "node:http";

/** A refusal of a malformed handshake request (RFC 6455 §4.2.1). */
export interface UpgradeProblem {
  status: 400 | 426;
  message: string;
  headers?: Record<string, string>;
}

const KEY = /^[A-Za-z0-9+/]{22}==$/;

/** Checks the client's opening handshake; returns the problem or null when it is valid. */
export function validateUpgrade(req: IncomingMessage): UpgradeProblem | null {
  if (req.method !== "GET") return { status: 400, message: "WebSocket handshake must use the GET method." };
  if (req.httpVersionMajor < 1 || (req.httpVersionMajor === 1 && req.httpVersionMinor < 1))
    return { status: 400, message: "WebSocket handshake requires HTTP/1.1 or later." };
  const upgrade = req.headers.upgrade;
  if (upgrade === undefined || !hasToken(upgrade, "websocket"))
    return { status: 400, message: "Missing or invalid 'Upgrade: websocket' header." };
  const connection = req.headers.connection;
  if (connection === undefined || !hasToken(connection, "upgrade"))
    return { status: 400, message: "Missing or invalid 'Connection: Upgrade' header." };
  const key = req.headers["sec-websocket-key"];
  if (key === undefined || !KEY.test(key.trim()))
    return { status: 400, message: "Missing or invalid 'Sec-WebSocket-Key' header." };
  const version = req.headers["sec-websocket-version"];
  if (version === undefined || version.trim() !== "13")
    return { status: 426, message: "Unsupported WebSocket version: 'Sec-WebSocket-Version' must be 13.", headers: { "Sec-WebSocket-Version": "13" } };
  return null;
}

/** Whether a comma-separated header value contains `token` (case-insensitive). */
export function hasToken(value: string, token: string): boolean {
  for (const part of value.split(",")) if (part.trim().toLowerCase() === token) return true;
  return false;
}
