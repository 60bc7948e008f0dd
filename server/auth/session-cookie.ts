/**
 * Names the proxy shares with the server: kept apart from `session-token.ts` so the proxy
 * bundle pulls in no database or JWT code.
 */

/** next-auth's session cookie names: `__Secure-` when the portal is reached over https. */
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/** Request header the proxy sets to the path being opened, so a redirect to sign-in can come back to it. */
export const PATHNAME_HEADER = "x-portcullis-pathname";

/** Whether any of these cookie names is a session cookie or one of its chunks (not whether it is valid). */
export function hasSessionCookie(cookieNames: Iterable<string>): boolean {
  for (const name of cookieNames) {
    if (SESSION_COOKIE_NAMES.some((n) => name === n || name.startsWith(`${n}.`))) return true;
  }
  return false;
}
