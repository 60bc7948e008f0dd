import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema/index";
import { runAsAuditActor } from "@/server/audit/audit-context";
import { recordAudit } from "@/server/audit/record-audit";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { ValidationError } from "@/server/http/errors";
import { assertPasswordAllowed } from "@/server/users/assert-password-allowed";
import { getUserOrThrow } from "@/server/users/get-user-or-throw";

export const WRONG_CURRENT_PASSWORD_MESSAGE = "The current password is not correct.";

/**
 * A signed-in user changes their own password: the current one must be right, the new one pass
 * the password rule (both ValidationErrors naming their field). Ends every session of the user,
 * this one included: they sign in again with the new password. Audited as their own change.
 */
export async function changeOwnPassword(db: Db, userId: string, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const user = getUserOrThrow(db, userId);
  if (!user.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new ValidationError(WRONG_CURRENT_PASSWORD_MESSAGE, { details: [{ target: "currentPassword", message: WRONG_CURRENT_PASSWORD_MESSAGE }] });
  }
  assertPasswordAllowed(input.newPassword, user, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  runAsAuditActor({ kind: "user", id: userId }, () =>
    db.transaction(
      (tx) => {
        tx.update(users)
          .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
          .where(eq(users.id, userId))
          .run();
        recordAudit(tx, { action: "changePassword", resource: `/users/${userId}`, after: { passwordChanged: true } });
      },
      { behavior: "immediate" },
    ),
  );
}
