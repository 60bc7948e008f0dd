import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { passwordResetLinks, users } from "@/db/schema/index";
import { runAsAuditActor } from "@/server/audit/audit-context";
import { recordAudit } from "@/server/audit/record-audit";
import { hashPassword } from "@/server/auth/password";
import { NotFoundError } from "@/server/http/errors";
import { assertPasswordAllowed } from "@/server/users/assert-password-allowed";
import { findPasswordResetLink } from "./find-password-reset-link";

export const RESET_LINK_INVALID_MESSAGE =
  "This password link has expired or has already been used. Ask an administrator for a new one.";

/**
 * Sets the password of the user a reset link is for, and uses the link up. The password must
 * pass the password rule (ValidationError, the link stays usable); an unknown, used or expired
 * link is a NotFoundError. Ends every session the user had. Audited as the user's own change.
 */
export async function resetPasswordWithLink(db: Db, token: string, password: string, now = new Date()): Promise<{ email: string }> {
  const link = findPasswordResetLink(db, token, now);
  if (!link) throw new NotFoundError(RESET_LINK_INVALID_MESSAGE);
  assertPasswordAllowed(password, link, "password");
  const passwordHash = await hashPassword(password);
  return runAsAuditActor({ kind: "user", id: link.userId }, () =>
    db.transaction(
      (tx) => {
        // Used once: of two submissions racing with the same link, only one marks it.
        const used = tx
          .update(passwordResetLinks)
          .set({ usedAt: now })
          .where(and(eq(passwordResetLinks.id, link.id), isNull(passwordResetLinks.usedAt)))
          .returning({ id: passwordResetLinks.id })
          .all();
        if (used.length === 0) throw new NotFoundError(RESET_LINK_INVALID_MESSAGE);
        tx.update(users)
          .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
          .where(eq(users.id, link.userId))
          .run();
        recordAudit(tx, { action: "resetPassword", resource: `/users/${link.userId}`, after: { linkId: link.id, passwordChanged: true } });
        return { email: link.email };
      },
      { behavior: "immediate" },
    ),
  );
}
