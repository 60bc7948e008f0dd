import { NextResponse, type NextRequest } from "next/server";
import { hasSessionCookie, PATHNAME_HEADER } from "@/server/auth/session-cookie";
import { publicGateway } from "@/server/env";
import { requestProto } from "@/server/http/forwarded-headers";
import { apiSecurityHeaders, newNonce, pageSecurityHeaders, type SecurityHeaderInput } from "@/server/http/security-headers";

/**
 * Every response's security headers (a fresh CSP nonce per page: Next.js reads it from the
 * request's Content-Security-Policy and puts it on its scripts, which is why every page renders
 * per request, see app/layout.tsx), and the redirect of signed-out visitors of /admin to the
 * sign-in page. That redirect only looks for a session cookie: validating it, and checking the
 * role, is each page's job (`requirePortalRole`) and each route handler's (`withManagementAuth`).
 * (Next.js 16 renamed the `middleware` file convention to `proxy`.)
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const gateway = publicGateway();
  const input: SecurityHeaderInput = {
    gatewayUrl: gateway.primary,
    gatewayWssUrl: gateway.wss,
    https: requestProto(request.headers) === "https",
    development: process.env.NODE_ENV === "development",
  };

  if (pathname.startsWith("/api/")) return withHeaders(NextResponse.next(), apiSecurityHeaders(input));

  const nonce = newNonce();
  const headers = pageSecurityHeaders(nonce, input);
  if (isAdminPath(pathname) && !hasSessionCookie(request.cookies.getAll().map((c) => c.name))) {
    const signIn = new URL("/signin", request.url);
    signIn.searchParams.set("callbackUrl", pathname + search);
    return withHeaders(NextResponse.redirect(signIn), headers);
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  requestHeaders.set(PATHNAME_HEADER, pathname + search);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers);
}

function isAdminPath(pathname: string): boolean {
  return pathname === "/admin" || pathname.startsWith("/admin/");
}

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the build's static files (hashed JS/CSS, served with their own types).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
