import { UNKNOWN_CLIENT, type ForwardingView } from "./resolve-forwarding";

/**
 * How the portal's HTTP server (`server/portal-server.ts`) hands what it resolved from the
 * socket to Next.js, and how route handlers, next-auth's `authorize` and `proxy.ts` read it.
 * Next.js gives App Router code the request's headers but not its socket, so the server
 * overwrites these headers on every request before Next sees it: whatever a client sent
 * under the same names is gone. The headers mean something only when that server is in
 * front, which it records in the process's environment (`next dev` or a bare `next start`
 * have no such server: every client is then "unknown" and forwarding headers are ignored).
 */

/** The client's address as the portal server resolved it. */
export const CLIENT_ADDRESS_HEADER = "x-portcullis-client";
/** Set by the portal server in its own process; not a setting. */
export const PORTAL_SERVER_MARK = "PORTCULLIS_INTERNAL_PORTAL_SERVER";

type HeaderSource = Headers | Record<string, unknown> | undefined;

/** Rewrites a raw request's headers to the resolved view (the portal server calls this once per request). */
export function writeForwardedHeaders(headers: Record<string, string | string[] | undefined>, view: ForwardingView): void {
  headers[CLIENT_ADDRESS_HEADER] = view.clientAddress;
  // Next.js and next-auth read these themselves: give them the believed values only.
  headers["x-forwarded-for"] = view.clientAddress;
  headers["x-forwarded-proto"] = view.proto;
  if (view.forwardedHost) headers["x-forwarded-host"] = view.forwardedHost;
  else delete headers["x-forwarded-host"];
  delete headers["x-forwarded-port"];
  delete headers["x-real-ip"];
  delete headers.forwarded;
}

/** Whether this process serves requests through the portal server. */
export function behindPortalServer(env: Record<string, string | undefined> = process.env): boolean {
  return env[PORTAL_SERVER_MARK] === "1";
}

/** The client's address of a portal request, for limits and logs ("unknown" without the portal server). */
export function clientAddress(headers: HeaderSource, env: Record<string, string | undefined> = process.env): string {
  if (!behindPortalServer(env)) return UNKNOWN_CLIENT;
  return headerValue(headers, CLIENT_ADDRESS_HEADER) ?? UNKNOWN_CLIENT;
}

/** The host a trusted proxy says the client addressed (null: none, or no portal server to vouch for it). */
export function forwardedHost(headers: HeaderSource, env: Record<string, string | undefined> = process.env): string | null {
  return behindPortalServer(env) ? headerValue(headers, "x-forwarded-host") : null;
}

/** https when the portal was reached over TLS, directly or through a trusted proxy. */
export function requestProto(headers: HeaderSource, env: Record<string, string | undefined> = process.env): "http" | "https" {
  return behindPortalServer(env) && headerValue(headers, "x-forwarded-proto") === "https" ? "https" : "http";
}

function headerValue(headers: HeaderSource, name: string): string | null {
  if (headers === undefined) return null;
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  return typeof value === "string" && value !== "" ? value : null;
}
