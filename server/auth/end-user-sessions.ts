import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { users } from "@/db/schema/index";

/**
 * Ends every portal session of a user: bumps their session version, which sessions carry from
 * sign-in and must match (session-token.ts). Keeps `updated_at`: this is no edit of the user.
 */
export function endUserSessions(db: DbExecutor, userId: string): void {
  db.update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: sql`${users.updatedAt}` })
    .where(eq(users.id, userId))
    .run();
}
