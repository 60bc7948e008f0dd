import "server-only";
import { eq } from "drizzle-orm";
import { decode, type JWT } from "next-auth/jwt";
import { databasePath, type Db } from "@/db/client";
import { users, type UserRole } from "@/db/schema/index";
import { loadInstanceSecrets } from "@/db/secrets";
import type { Principal } from "./authenticate-api-token";
import { SESSION_COOKIE_NAMES } from "./session-cookie";

/**
 * The portal session as the server reads it: next-auth's session cookie (an encrypted JWT,
 * possibly split into `.0`, `.1` … chunks), decoded with the instance's AUTH_SECRET and mapped
 * to the same Principal an API token yields. The user row is read on every request, so a
 * blocked, deleted or re-roled user loses access at once rather than when the JWT expires, and
 * a session signed in before the user's session version last changed (sign-out, new password,
 * role or state change) is over.
 * No Next.js request APIs here: route handlers pass their Request, pages their cookie jar.
 */

/** A portal session lasts 12 hours from sign-in. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** The signed-in user behind a session, for display. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
}

export interface PortalSession {
  principal: Principal;
  user: SessionUser;
}

let cachedSecret: { file: string; secret: string } | undefined;

/** The instance's AUTH_SECRET (env or the data folder's secrets.json), read once per process. */
export function portalAuthSecret(): string {
  const file = databasePath();
  if (cachedSecret?.file !== file) cachedSecret = { file, secret: loadInstanceSecrets(file).authSecret };
  return cachedSecret.secret;
}

/** A Cookie header as a name → value map (first occurrence wins, as browsers send the most specific first). */
export function parseCookieHeader(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (cookies.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // Keep the raw value; decoding the JWT will refuse it if it is broken.
    }
    cookies.set(name, value);
  }
  return cookies;
}

/** The session JWT from the cookies, re-joined when next-auth split it into chunks. */
export function sessionTokenFromCookies(cookies: ReadonlyMap<string, string>): string | null {
  for (const name of SESSION_COOKIE_NAMES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    const chunks: [number, string][] = [];
    for (const [key, value] of cookies) {
      const match = key.startsWith(`${name}.`) ? /^\d+$/.exec(key.slice(name.length + 1)) : null;
      if (match) chunks.push([Number(match[0]), value]);
    }
    if (chunks.length > 0) return chunks.sort((a, b) => a[0] - b[0]).map(([, value]) => value).join("");
  }
  return null;
}

/** The session a decoded JWT stands for; null when its user is gone or not active, or it was ended. */
export function sessionFromToken(db: Db, token: JWT | null): PortalSession | null {
  if (!token || typeof token.sub !== "string" || !token.sub) return null;
  const user = db.select().from(users).where(eq(users.id, token.sub)).get();
  if (!user || user.state !== "active") return null;
  if ((token.sv ?? 0) !== user.sessionVersion) return null;
  const name = [user.firstName, user.lastName].filter(Boolean).join(" ") || user.email;
  return {
    principal: { kind: "session", tokenId: null, role: user.role, userId: user.id, gatewayId: null },
    user: { id: user.id, email: user.email, name, role: user.role },
  };
}

/** The session the cookies carry; null when there is none or it does not decrypt, has expired or names no active user. */
export async function sessionFromCookies(
  db: Db,
  cookies: ReadonlyMap<string, string>,
  secret: string = portalAuthSecret(),
): Promise<PortalSession | null> {
  const raw = sessionTokenFromCookies(cookies);
  if (!raw) return null;
  let token: JWT | null;
  try {
    token = await decode({ token: raw, secret });
  } catch {
    return null;
  }
  return sessionFromToken(db, token);
}

/** The principal of a request's session cookie, for route handlers. */
export async function authenticateSessionRequest(db: Db, request: Request, secret?: string): Promise<Principal | null> {
  const session = await sessionFromCookies(db, parseCookieHeader(request.headers.get("cookie")), secret);
  return session?.principal ?? null;
}
