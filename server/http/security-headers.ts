/**
 * The security headers of every portal response, in one place: `proxy.ts` sets them on pages
 * (with a fresh nonce each time) and on API routes. Pure functions of their inputs, so unit
 * tests need no server.
 */

/** What the headers depend on for one response. */
export interface SecurityHeaderInput {
  /** PORTCULLIS_PUBLIC_GATEWAY_URL: the test console opens WebSockets to it (another origin). */
  gatewayUrl: string;
  /** PORTCULLIS_PUBLIC_GATEWAY_WSS_URL: a TLS front end the console may connect to as well. */
  gatewayWssUrl?: string | null;
  /** Served over https (directly or through a trusted proxy): HSTS only then. */
  https: boolean;
  /** `next dev`: React needs eval for its debugging aids (never in production). */
  development?: boolean;
}

/** HSTS for a year; no includeSubDomains: a self-hosted portal does not speak for its siblings. */
const HSTS = "max-age=31536000";

/** A fresh CSP nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The ws:// and wss:// origins of the gateway (the console uses either scheme, per API). */
export function gatewayOrigins(gatewayUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(gatewayUrl);
  } catch {
    return [];
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") return [];
  return [`ws://${url.host}`, `wss://${url.host}`];
}

/**
 * A page's Content-Security-Policy. Scripts: only those carrying this response's nonce (Next.js
 * puts it on its own scripts when it finds it in the request's CSP) and what they load
 * ('strict-dynamic'); no 'unsafe-eval' outside `next dev`. Styles: 'unsafe-inline', because
 * server-rendered `style` attributes (React style props, recharts' SVG) and CodeMirror's
 * injected <style> elements need it, and a nonce in style-src would switch 'unsafe-inline' off;
 * inline CSS cannot run code, the script rule is what stops XSS.
 */
export function contentSecurityPolicy(nonce: string, input: SecurityHeaderInput): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${input.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...new Set([...gatewayOrigins(input.gatewayUrl), ...(input.gatewayWssUrl ? gatewayOrigins(input.gatewayWssUrl) : [])])].join(" "),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (input.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** The headers of an HTML page. */
export function pageSecurityHeaders(nonce: string, input: SecurityHeaderInput): Record<string, string> {
  return { "Content-Security-Policy": contentSecurityPolicy(nonce, input), ...commonHeaders(input) };
}

/** The headers of an API route: JSON never needs to load anything, nor to be framed. */
export function apiSecurityHeaders(input: SecurityHeaderInput): Record<string, string> {
  return { "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'", ...commonHeaders(input) };
}

function commonHeaders(input: SecurityHeaderInput): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    ...(input.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
