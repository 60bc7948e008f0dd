import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { isDatabaseBusy } from "@/db/database-busy";
import { apiTokens, USER_ROLES, users, type UserRole } from "@/db/schema/index";
import { hashApiToken } from "./api-tokens";

/**
 * Who is calling the management API: the holder of an API token, or a user signed in to the
 * portal (session cookie). Server operations see the same shape either way.
 */
export interface Principal {
  kind: "apiToken" | "session";
  /** The API token's id; null for a portal session. */
  tokenId: string | null;
  role: UserRole;
  userId: string | null;
  /** Set for a remote gateway's token, which may only pull its configuration. */
  gatewayId: string | null;
}

/** `last_used_at` is written at most this often per token, to keep reads from becoming writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The less powerful of two roles (USER_ROLES runs from most to least powerful). */
export function lesserRole(a: UserRole, b: UserRole): UserRole {
  return USER_ROLES.indexOf(a) >= USER_ROLES.indexOf(b) ? a : b;
}

/**
 * The principal a bearer token stands for, or null when it is unknown, revoked or expired.
 * A token that belongs to a user follows that user as they are now: it acts with at most the
 * user's current role, and not at all once the user is blocked, pending or deleted. Tokens
 * without a user (the bootstrap token, service tokens an administrator created) keep their role.
 */
export function authenticateApiToken(db: Db, token: string, now = new Date()): Principal | null {
  const row = db
    .select({ token: apiTokens, owner: { role: users.role, state: users.state } })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hashApiToken(token)))
    .get();
  if (!row) return null;
  const { token: stored, owner } = row;
  if (stored.revokedAt || (stored.expiresAt && stored.expiresAt <= now)) return null;
  let role = stored.role;
  if (stored.userId !== null) {
    if (!owner || owner.state !== "active") return null;
    role = lesserRole(role, owner.role);
  }
  if (!stored.lastUsedAt || now.getTime() - stored.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Bookkeeping must neither fail nor slow down a request while another process holds the
    // write lock: try once without waiting, and skip it if the database is busy.
    const busyTimeout = db.$client.pragma("busy_timeout", { simple: true }) as number;
    db.$client.pragma("busy_timeout = 0");
    try {
      db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, stored.id)).run();
    } catch (error) {
      if (!isDatabaseBusy(error)) throw error;
    } finally {
      db.$client.pragma(`busy_timeout = ${busyTimeout}`);
    }
  }
  return { kind: "apiToken", tokenId: stored.id, role, userId: stored.userId, gatewayId: stored.gatewayId };
}
