/**
 * CSRF defence for cookie-authenticated changes: a browser names the page that sent a request
 * in `Origin` on every non-GET fetch, so a change is accepted only when that origin's host is
 * the host the request was sent to. (The session cookie is also SameSite=Lax; this check
 * covers same-site attackers, such as another app on a sibling subdomain.)
 */

import { forwardedHost } from "./forwarded-headers";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** GET, HEAD and OPTIONS change nothing and need no origin check. */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * The hosts this request was addressed to: Host, X-Forwarded-Host (only from a trusted proxy,
 * PORTCULLIS_TRUSTED_PROXIES: otherwise a page could name its own host there) and NEXTAUTH_URL's.
 */
function requestHosts(request: Request, env: Record<string, string | undefined>): Set<string> {
  const hosts = new Set<string>();
  const add = (value: string | null | undefined) => {
    for (const host of value?.split(",") ?? []) if (host.trim()) hosts.add(host.trim().toLowerCase());
  };
  add(request.headers.get("host"));
  add(forwardedHost(request.headers, env));
  try {
    add(new URL(request.url).host);
  } catch {
    // A relative URL names no host.
  }
  if (env.NEXTAUTH_URL) {
    try {
      add(new URL(env.NEXTAUTH_URL).host);
    } catch {
      // An invalid NEXTAUTH_URL adds nothing.
    }
  }
  return hosts;
}

/** True when the request's Origin header names one of the hosts it was sent to. */
export function isSameOriginRequest(request: Request, env: Record<string, string | undefined> = process.env): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  let host: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    host = url.host.toLowerCase();
  } catch {
    return false;
  }
  return requestHosts(request, env).has(host);
}
