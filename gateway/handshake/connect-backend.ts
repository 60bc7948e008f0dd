import { createHash } from "node:crypto";
import net, { type Socket } from "node:net";
import tls from "node:tls";

/** How the backend answered its handshake. */
export type BackendOutcome =
  | { kind: "upgraded"; socket: Socket; head: Buffer; rawHeaders: string[] }
  /** Answered, but not with a valid 101. */
  | { kind: "refused"; statusCode: number; message: string }
  /** No connection (refused, reset, DNS, TLS). */
  | { kind: "failed"; message: string }
  | { kind: "timeout" };

export interface BackendConnectOptions {
  timeoutMs: number;
  /** Trusted CAs for wss:// backends (undefined: the system's). */
  ca?: string[];
}

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/** Largest backend response head read (Node's own HTTP default). */
const MAX_RESPONSE_HEAD = 16 * 1024;
const HEAD_END = Buffer.from("\r\n\r\n");
/** Characters a header value may not carry (Node's HTTP client refuses the same). */
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Sends the handshake to the backend (ws:// or wss://, the certificate trusted and its name
 * matching the host) and resolves with its answer. `cancel` aborts a pending attempt.
 *
 * A raw socket, the request written as one string and the response head parsed here: the
 * gateway needs a status line and a header list, not Node's HTTP client (a ClientRequest, an
 * Agent per request, an HTTP parser and an IncomingMessage per handshake were about a tenth of
 * the gateway's CPU in a reconnect storm).
 */
export function connectBackend(
  target: URL,
  headers: string[],
  clientKey: string,
  options: BackendConnectOptions,
): { outcome: Promise<BackendOutcome>; cancel: () => void } {
  const secure = target.protocol === "wss:";
  const host = target.hostname.startsWith("[") ? target.hostname.slice(1, -1) : target.hostname;
  const port = Number(target.port) || (secure ? 443 : 80);
  const socket: Socket = secure
    ? tls.connect({ host, port, servername: net.isIP(host) === 0 ? host : undefined, ca: options.ca, rejectUnauthorized: true })
    : net.connect({ host, port });
  const outcome = new Promise<BackendOutcome>((resolve) => {
    let settled = false;
    let buffered: Buffer | null = null;
    const settle = (o: BackendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeListener(secure ? "secureConnect" : "connect", onConnect);
      socket.removeListener("data", onData);
      socket.removeListener("error", onError);
      socket.removeListener("close", onClose);
      if (o.kind === "upgraded") {
        // As Node's HTTP client leaves an upgraded socket: no reader, and flowing again once the
        // tunnel listens (the property has a setter; Node's typings call it read-only).
        socket.on("error", noop);
        (socket as { readableFlowing: boolean | null }).readableFlowing = null;
      } else socket.destroy();
      resolve(o);
    };
    const timer = setTimeout(() => settle({ kind: "timeout" }), options.timeoutMs);
    const onConnect = () => socket.write(requestHead(target, headers));
    const onError = (error: NodeJS.ErrnoException) => settle({ kind: "failed", message: describeError(error) });
    const onClose = () => settle({ kind: "failed", message: "Backend connection reset during the handshake." });
    const onData = (chunk: Buffer) => {
      const data: Buffer = buffered === null ? chunk : Buffer.concat([buffered, chunk]);
      const end = data.indexOf(HEAD_END);
      if (end < 0) {
        if (data.length > MAX_RESPONSE_HEAD) settle({ kind: "failed", message: "Backend handshake response head is too large." });
        else buffered = data;
        return;
      }
      const response = parseResponseHead(data.toString("latin1", 0, end));
      if (response === null) return settle({ kind: "failed", message: "Backend sent a malformed handshake response." });
      if (response.statusCode !== 101) {
        return settle({ kind: "refused", statusCode: response.statusCode, message: `Backend refused the WebSocket handshake with ${response.statusCode}.` });
      }
      const expected = createHash("sha1").update(clientKey + GUID).digest("base64");
      if (headerValue(response.rawHeaders, "sec-websocket-accept") !== expected) {
        return settle({ kind: "refused", statusCode: 101, message: "Backend sent an invalid 'Sec-WebSocket-Accept'." });
      }
      settle({ kind: "upgraded", socket, head: data.subarray(end + HEAD_END.length), rawHeaders: response.rawHeaders });
    };
    socket.once(secure ? "secureConnect" : "connect", onConnect);
    socket.on("data", onData);
    socket.on("error", onError);
    socket.on("close", onClose);
  });
  return { outcome, cancel: () => socket.destroy() };
}

/** The request line and headers, in the given order and case; pairs a request must not carry are left out. */
function requestHead(target: URL, headers: readonly string[]): string {
  let head = `GET ${target.pathname}${target.search} HTTP/1.1\r\n`;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    const value = headers[i + 1]!;
    if (TOKEN.test(name) && !INVALID_VALUE.test(value)) head += `${name}: ${value}\r\n`;
  }
  return head + "\r\n";
}

/** The status code and the [name, value, …] header list of a response head (without its blank line); null when malformed. */
export function parseResponseHead(text: string): { statusCode: number; rawHeaders: string[] } | null {
  const lines = text.split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0]!);
  if (status === null) return null;
  const rawHeaders: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(":");
    if (colon <= 0 || !TOKEN.test(line.slice(0, colon))) return null;
    rawHeaders.push(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return { statusCode: Number(status[1]), rawHeaders };
}

function headerValue(rawHeaders: readonly string[], lowerName: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === lowerName) return rawHeaders[i + 1];
  return undefined;
}

function noop(): void {}

function describeError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ECONNREFUSED":
      return "Backend connection refused.";
    case "ECONNRESET":
    case "EPIPE":
      return "Backend connection reset during the handshake.";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "Backend host name could not be resolved.";
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return "Backend TLS certificate does not match its host name.";
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "CERT_HAS_EXPIRED":
      return `Backend TLS certificate is not trusted (${error.code}).`;
    default:
      return `Backend connection failed${error.code ? ` (${error.code})` : ""}: ${error.message}`;
  }
}
