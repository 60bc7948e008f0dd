import "server-only";
import { and, count, eq, ne } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { users } from "@/db/schema/index";
import { UnprocessableEntityError } from "@/server/http/errors";

/**
 * Throws UnprocessableEntityError when a change to `userId` (delete, demote or block) would
 * leave the instance without an active administrator, locking everyone out of the portal.
 */
export function assertAdministratorRemains(db: DbExecutor, userId: string, after: { role: string; state: string } | null): void {
  if (after && after.role === "administrator" && after.state === "active") return;
  const others =
    db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, "administrator"), eq(users.state, "active"), ne(users.id, userId)))
      .get()?.n ?? 0;
  if (others > 0) return;
  const self = db.select({ role: users.role, state: users.state }).from(users).where(eq(users.id, userId)).get();
  if (self?.role === "administrator" && self.state === "active") {
    throw new UnprocessableEntityError(
      `User '${userId}' is the last active administrator; make another user an administrator first.`,
    );
  }
}
