import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { passwordResetLinks, users } from "@/db/schema/index";
import { hashResetToken } from "./reset-link-token";

/** A reset link that still works, with the user it is for. */
export interface LiveResetLink {
  id: string;
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
}

/** The link `token` stands for when it is unused and unexpired at `now`; null otherwise. */
export function findPasswordResetLink(db: DbExecutor, token: string, now = new Date()): LiveResetLink | null {
  return (
    db
      .select({ id: passwordResetLinks.id, userId: users.id, email: users.email, firstName: users.firstName, lastName: users.lastName })
      .from(passwordResetLinks)
      .innerJoin(users, eq(users.id, passwordResetLinks.userId))
      .where(and(eq(passwordResetLinks.tokenHash, hashResetToken(token)), isNull(passwordResetLinks.usedAt), gt(passwordResetLinks.expiresAt, now)))
      .get() ?? null
  );
}
