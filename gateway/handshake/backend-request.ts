import type { IncomingMessage } from "node:http";
import type { RoutedApi } from "../config/snapshot";

/** Headers that describe one hop only (RFC 9110 §7.6.1) and so are never forwarded. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);

/** Splits "/a/b?x=1" into its path and query ("" when absent, without "?"). */
export function splitUrl(url: string): { pathname: string; query: string } {
  const q = url.indexOf("?");
  return q < 0 ? { pathname: url, query: "" } : { pathname: url.slice(0, q), query: url.slice(q + 1) };
}

/** The query with every parameter named `name` removed (`redact` keeps it with value "***"). */
export function withoutQueryParameter(query: string, name: string, redact = false): string {
  if (query === "") return query;
  const lower = name.toLowerCase();
  const kept: string[] = [];
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=");
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    let decoded = rawName;
    try {
      decoded = decodeURIComponent(rawName.replace(/\+/g, " "));
    } catch {
      // keep the raw name: a malformed escape cannot be the parameter we look for
    }
    if (decoded.toLowerCase() !== lower) kept.push(pair);
    else if (redact) kept.push(`${rawName}=***`);
  }
  return kept.join("&");
}

/** The query parameter a test console tags its handshake with, to find the log row afterwards. */
export const TRACE_PARAMETER = "portcullis-trace";
const TRACE_PAIR_PREFIX = `${TRACE_PARAMETER}=`;
const TRACE_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The trace id of a `portcullis-trace=<id>` parameter (16–64 of [A-Za-z0-9_-]) and the query
 * without it; null when there is no valid one. A value that is not a trace id stays in the
 * query, untouched. Costs one substring search when the parameter is absent.
 */
export function takeTraceParameter(query: string): { traceId: string; query: string } | null {
  if (!query.includes(TRACE_PAIR_PREFIX)) return null;
  let traceId: string | null = null;
  const kept: string[] = [];
  for (const pair of query.split("&")) {
    const value = pair.startsWith(TRACE_PAIR_PREFIX) ? pair.slice(TRACE_PAIR_PREFIX.length) : null;
    if (value !== null && TRACE_ID.test(value)) traceId ??= value;
    else kept.push(pair);
  }
  return traceId === null ? null : { traceId, query: kept.join("&") };
}

/**
 * The backend URL: `serviceUrl` (or set-backend-service's `base`) + rest of the path + the
 * client's query (key removed); null when the rest's dot segments would climb out of the
 * service URL's path.
 */
export function backendUrl(api: RoutedApi, rest: string, clientQuery: string, base: URL = api.serviceUrl): URL | null {
  const url = new URL(base.href);
  const basePath = base.pathname.endsWith("/") ? base.pathname.slice(0, -1) : base.pathname;
  url.pathname = basePath + rest || "/";
  // The URL parser resolves "..", "%2e%2e" and "\" segments: "/api/../admin" must not reach "/admin".
  if (basePath !== "" && url.pathname !== basePath && !url.pathname.startsWith(basePath + "/")) return null;
  const query = withoutQueryParameter(clientQuery, api.keyQuery);
  const baseQuery = base.search.slice(1);
  url.search = baseQuery && query ? `${baseQuery}&${query}` : baseQuery || query;
  return url;
}

/**
 * The backend handshake's headers as a flat [name, value, …] list in the client's order
 * and case: end-to-end headers kept, hop-by-hop ones (and those the client's Connection
 * header names) dropped, the subscription-key header dropped, X-Forwarded-* added.
 */
export function backendHeaders(req: IncomingMessage, target: URL, api: RoutedApi, callerIp: string, secure: boolean): string[] {
  const raw = req.rawHeaders;
  const connectionNamed = new Set<string>();
  const connection = req.headers.connection;
  if (connection) for (const t of connection.split(",")) connectionNamed.add(t.trim().toLowerCase());
  const out: string[] = ["Host", target.host];
  let forwardedFor = "";
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || connectionNamed.has(lower) || lower === api.keyHeader) continue;
    if (lower === "x-forwarded-for") {
      forwardedFor = forwardedFor ? `${forwardedFor}, ${raw[i + 1]}` : raw[i + 1]!;
      continue;
    }
    if (lower === "x-forwarded-proto" || lower === "x-forwarded-host") continue;
    out.push(name, raw[i + 1]!);
  }
  out.push("Connection", "Upgrade", "Upgrade", "websocket");
  out.push("X-Forwarded-For", forwardedFor ? `${forwardedFor}, ${callerIp}` : callerIp);
  out.push("X-Forwarded-Proto", secure ? "https" : "http");
  if (req.headers.host) out.push("X-Forwarded-Host", req.headers.host);
  return out;
}

/**
 * The backend request's headers with the policies' edits applied (set-header,
 * authentication-basic): an edited name loses all its client values and gets the new ones,
 * in the place of its first occurrence. Values with CR, LF or NUL are dropped, never sent.
 */
export function applyHeaderEdits(headers: string[], edits: ReadonlyMap<string, { name: string; values: string[] }>): string[] {
  if (edits.size === 0) return headers;
  const out: string[] = [];
  const placed = new Set<string>();
  const place = (lower: string) => {
    placed.add(lower);
    const edit = edits.get(lower)!;
    for (const value of edit.values) if (isSafeHeaderValue(value)) out.push(edit.name, value);
  };
  for (let i = 0; i < headers.length; i += 2) {
    const lower = headers[i]!.toLowerCase();
    if (!edits.has(lower) || PROTECTED.has(lower)) out.push(headers[i]!, headers[i + 1]!);
    else if (!placed.has(lower)) place(lower);
  }
  for (const lower of edits.keys()) if (!placed.has(lower) && !PROTECTED.has(lower)) place(lower);
  return out;
}

/** Headers the gateway owns on the backend request; set-header refuses them at save too. */
const PROTECTED = new Set([...HOP_BY_HOP, "sec-websocket-key", "sec-websocket-version", "sec-websocket-accept"]);

const UNSAFE_HEADER_TEXT = /[\r\n\0]/;
/** False for a header name or value that would end its line early (CR, LF, NUL): never written. */
export function isSafeHeaderValue(value: string): boolean {
  return !UNSAFE_HEADER_TEXT.test(value);
}

/** The backend's 101 headers to relay to the client (hop-by-hop ones rewritten), plus the policies' own. */
export function clientResponseHead(backendRawHeaders: string[], extra?: Record<string, string>): string {
  let head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
  for (let i = 0; i < backendRawHeaders.length; i += 2) {
    const name = backendRawHeaders[i]!;
    if (HOP_BY_HOP.has(name.toLowerCase())) continue;
    head += `${name}: ${backendRawHeaders[i + 1]}\r\n`;
  }
  if (extra) for (const name in extra) if (isSafeHeaderValue(name) && isSafeHeaderValue(extra[name]!)) head += `${name}: ${extra[name]}\r\n`;
  return head + "\r\n";
}
