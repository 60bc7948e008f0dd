import { createHash } from "node:crypto";
import http, { type ClientRequest } from "node:http";
import https from "node:https";
import type { Socket } from "node:net";

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

/**
 * Sends the handshake to the backend (ws:// or wss://, the certificate trusted and its
 * name matching the host) and resolves with its answer. `cancel` aborts a pending attempt.
 */
export function connectBackend(
  target: URL,
  headers: string[],
  clientKey: string,
  options: BackendConnectOptions,
): { outcome: Promise<BackendOutcome>; cancel: () => void } {
  const secure = target.protocol === "wss:";
  let request: ClientRequest | null = null;
  const outcome = new Promise<BackendOutcome>((resolve) => {
    let settled = false;
    const settle = (o: BackendOutcome) => {
      if (settled) {
        if (o.kind === "upgraded") o.socket.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const timer = setTimeout(() => {
      settle({ kind: "timeout" });
      request?.destroy();
    }, options.timeoutMs);

    const requestOptions: https.RequestOptions = {
      hostname: target.hostname.startsWith("[") ? target.hostname.slice(1, -1) : target.hostname,
      port: target.port || (secure ? 443 : 80),
      path: target.pathname + target.search,
      method: "GET",
      headers: headers as unknown as http.OutgoingHttpHeaders,
      agent: false,
      setHost: false,
    };
    if (secure) {
      requestOptions.rejectUnauthorized = true;
      if (options.ca) requestOptions.ca = options.ca;
    }
    const req = secure ? https.request(requestOptions) : http.request(requestOptions);
    request = req;
    req.on("upgrade", (res, socket, head) => {
      const accept = res.headers["sec-websocket-accept"];
      const expected = createHash("sha1").update(clientKey + GUID).digest("base64");
      if (res.statusCode !== 101 || accept !== expected) {
        socket.destroy();
        settle({ kind: "refused", statusCode: res.statusCode ?? 0, message: "Backend sent an invalid 'Sec-WebSocket-Accept'." });
        return;
      }
      settle({ kind: "upgraded", socket, head, rawHeaders: res.rawHeaders });
    });
    req.on("response", (res) => {
      res.resume();
      res.destroy();
      settle({ kind: "refused", statusCode: res.statusCode ?? 0, message: `Backend refused the WebSocket handshake with ${res.statusCode}.` });
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      settle({ kind: "failed", message: describeError(error) });
    });
    req.end();
  });
  return {
    outcome,
    cancel: () => request?.destroy(),
  };
}

function describeError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ECONNREFUSED":
      return "Backend connection refused.";
    case "ECONNRESET":
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
