import { NextResponse, type NextRequest } from "next/server";
import { hasSessionCookie, PATHNAME_HEADER } from "@/server/auth/session-cookie";

/**
 * Redirects signed-out visitors of /admin to the sign-in page, and tells the pages which path
 * was opened. It only looks for a session cookie: validating it, and checking the role, is
 * each page's job (`requirePortalRole`) and each route handler's (`withManagementAuth`).
 * (Next.js 16 renamed the `middleware` file convention to `proxy`.)
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!hasSessionCookie(request.cookies.getAll().map((c) => c.name))) {
    const signIn = new URL("/signin", request.url);
    signIn.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(signIn);
  }
  const headers = new Headers(request.headers);
  headers.set(PATHNAME_HEADER, pathname + search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/admin", "/admin/:path*"],
};
