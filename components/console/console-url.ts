/**
 * The test console's URL: the gateway's public URL + the API's path + an optional rest of the
 * path + the query parameters the user typed + the subscription key (browsers cannot set
 * headers on a WebSocket, so the key travels in the API's query parameter). Pure functions,
 * so the URL shown, the URL copied and the URL connected to cannot drift apart.
 */

/** The query parameter the gateway strips and records as the log row's trace id. */
export const TRACE_PARAMETER = "portcullis-trace";

/** One editable query parameter row. */
export interface QueryParam {
  id: string;
  name: string;
  value: string;
}

/** The subscription key the console adds, with the API's query parameter name. */
export interface ConsoleKey {
  queryName: string;
  key: string;
}

export interface ConsoleUrlInput {
  gatewayUrl: string;
  apiPath: string;
  /** After the API's path ("/rooms/1"); the gateway passes it on to the backend. */
  restPath?: string;
  params: readonly QueryParam[];
  key: ConsoleKey | null;
}

export interface ConsoleUrl {
  /** The URL to connect to (with the key in clear), or null when it is not a valid ws(s) URL. */
  url: string | null;
  /** The same URL with the key masked, for the screen. */
  display: string;
  /** Why `url` is null. */
  error: string | null;
  /** A typed parameter has the key's name, so it replaces the selected key. */
  keyOverridden: boolean;
}

/** The base of every console URL: gateway URL + "/" + API path, without doubled slashes. */
export function apiBaseUrl(gatewayUrl: string, apiPath: string): string {
  const base = gatewayUrl.trim().replace(/\/+$/, "");
  const path = apiPath.replace(/^\/+/, "");
  return path ? `${base}/${path}` : base;
}

/** "•••••••• 3f2a": enough of a key to tell two apart, not enough to use it. */
export function maskSecret(secret: string): string {
  if (secret.length <= 8) return "••••••••";
  return `••••••••${secret.slice(-4)}`;
}

function encodePair(name: string, value: string): string {
  return `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}

function normalizeRestPath(rest: string): string {
  const trimmed = rest.trim();
  if (trimmed === "") return "";
  // Spaces and non-ASCII are escaped; "%XX" the user typed stays as typed; "?" and "#" belong to the path here.
  return encodeURI(trimmed.startsWith("/") ? trimmed : `/${trimmed}`)
    .replace(/%25([0-9A-Fa-f]{2})/g, "%$1")
    .replace(/\?/g, "%3F")
    .replace(/#/g, "%23");
}

/** Builds the URL to connect to and the one to show (key masked). */
export function buildConsoleUrl(input: ConsoleUrlInput): ConsoleUrl {
  const base = apiBaseUrl(input.gatewayUrl, input.apiPath) + normalizeRestPath(input.restPath ?? "");
  const typed = input.params.filter((p) => p.name.trim() !== "");
  const key = input.key && input.key.key !== "" ? input.key : null;
  const keyOverridden = key !== null && typed.some((p) => p.name.trim().toLowerCase() === key.queryName.toLowerCase());
  const real: string[] = [];
  const shown: string[] = [];
  if (key && !keyOverridden) {
    real.push(encodePair(key.queryName, key.key));
    shown.push(`${encodeURIComponent(key.queryName)}=${maskSecret(key.key)}`);
  }
  for (const p of typed) {
    const pair = encodePair(p.name.trim(), p.value);
    real.push(pair);
    shown.push(pair);
  }
  const url = real.length > 0 ? `${base}?${real.join("&")}` : base;
  const display = shown.length > 0 ? `${base}?${shown.join("&")}` : base;
  const error = urlProblem(url);
  return { url: error ? null : url, display, error, keyOverridden };
}

function urlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "The gateway URL is not a valid URL.";
  }
  if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") return "The gateway URL must start with ws:// or wss://.";
  if (parsed.hash) return "A WebSocket URL cannot have a fragment (#).";
  return null;
}

/** The URL with the trace parameter appended: what the console actually connects to. */
export function withTrace(url: string, traceId: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}${TRACE_PARAMETER}=${traceId}`;
}

/** A fresh trace id: 128 random bits, base64url (22 characters of [A-Za-z0-9_-]). */
export function newTraceId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** RFC 6455 §4.1: a subprotocol is an RFC 7230 token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** "chat, superchat" → ["chat", "superchat"]; an error for what the browser's WebSocket would refuse. */
export function parseSubprotocols(text: string): { ok: true; protocols: string[] } | { ok: false; error: string } {
  const protocols = text
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const seen = new Set<string>();
  for (const protocol of protocols) {
    if (!TOKEN.test(protocol)) return { ok: false, error: `“${protocol}” is not a valid subprotocol name (letters, digits and !#$%&'*+-.^_\`|~ only).` };
    if (seen.has(protocol)) return { ok: false, error: `“${protocol}” is listed twice.` };
    seen.add(protocol);
  }
  return { ok: true, protocols };
}
