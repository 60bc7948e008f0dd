import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { isDatabaseBusy } from "@/db/database-busy";
import { apiTokens, type UserRole } from "@/db/schema/index";
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

/** The principal a bearer token stands for, or null when it is unknown, revoked or expired. */
export function authenticateApiToken(db: Db, token: string, now = new Date()): Principal | null {
  const row = db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashApiToken(token))).get();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Bookkeeping must neither fail nor slow down a request while another process holds the
    // write lock: try once without waiting, and skip it if the database is busy.
    const busyTimeout = db.$client.pragma("busy_timeout", { simple: true }) as number;
    db.$client.pragma("busy_timeout = 0");
    try {
      db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
    } catch (error) {
      if (!isDatabaseBusy(error)) throw error;
    } finally {
      db.$client.pragma(`busy_timeout = ${busyTimeout}`);
    }
  }
  return { kind: "apiToken", tokenId: row.id, role: row.role, userId: row.userId, gatewayId: row.gatewayId };
}
