import "server-only";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { UserRole } from "@/db/schema/index";
import { getDb } from "@/server/db";
import type { Principal } from "./authenticate-api-token";
import { PATHNAME_HEADER } from "./session-cookie";
import { sessionFromCookies, type PortalSession } from "./session-token";

/**
 * The portal session in server components, layouts and server actions. Route handlers use
 * `authenticateManagementRequest` (bearer token or this same session cookie) instead.
 */

/** The signed-in user and their principal, or null when signed out (or blocked since). */
export async function getPortalSession(): Promise<PortalSession | null> {
  const jar = await cookies();
  return sessionFromCookies(getDb(), new Map(jar.getAll().map((c) => [c.name, c.value])));
}

/** The signed-in user's principal (the same shape an API token yields), or null. */
export async function getPortalPrincipal(): Promise<Principal | null> {
  return (await getPortalSession())?.principal ?? null;
}

/**
 * For pages and server actions: the session when its role is one of `roles`. Signed out, it
 * redirects to /signin?callbackUrl=<this page>; with another role it renders the 403 page.
 */
export async function requirePortalRole(roles: readonly UserRole[]): Promise<PortalSession> {
  const session = await getPortalSession();
  if (!session) {
    const path = (await headers()).get(PATHNAME_HEADER) ?? "/admin";
    redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (!roles.includes(session.principal.role)) forbidden();
  return session;
}
