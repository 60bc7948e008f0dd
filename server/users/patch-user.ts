import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { hashPassword } from "@/server/auth/password";
import { assertAdministratorRemains } from "./assert-administrator-remains";
import { assertEmailAvailable } from "./assert-email-available";
import { assertPasswordAllowed } from "./assert-password-allowed";
import { nextSessionVersion } from "./next-session-version";
import { getUserOrThrow } from "./get-user-or-throw";
import { toUserContract, type UserRow } from "./to-user-contract";
import type { UserPatchProperties } from "./user.schemas";

/** Merges the given properties into an existing user; throws NotFoundError, ConflictError or UnprocessableEntityError. */
export async function patchUser(db: Db, userId: string, patch: UserPatchProperties): Promise<UserRow> {
  if (patch.password !== undefined) {
    const stored = getUserOrThrow(db, userId);
    assertPasswordAllowed(patch.password, { email: patch.email ?? stored.email, firstName: patch.firstName ?? stored.firstName, lastName: patch.lastName ?? stored.lastName });
  }
  const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  return db.transaction(
    (tx) => {
      const current = getUserOrThrow(tx, userId);
      const values = {
        email: patch.email ?? current.email,
        firstName: patch.firstName ?? current.firstName,
        lastName: patch.lastName ?? current.lastName,
        role: patch.role ?? current.role,
        state: patch.state ?? current.state,
        passwordHash: passwordHash ?? current.passwordHash,
        sessionVersion: nextSessionVersion(current, { ...patch, passwordChanged: passwordHash !== undefined }),
      };
      if (patch.email !== undefined) assertEmailAvailable(tx, values.email, userId);
      assertAdministratorRemains(tx, userId, values);
      const user = tx.update(users).set(values).where(eq(users.id, userId)).returning().get();
      recordAudit(tx, {
        action: "update",
        resource: `/users/${userId}`,
        before: toUserContract(current),
        after: { ...toUserContract(user), ...(passwordHash ? { passwordChanged: true } : {}) },
      });
      return user;
    },
    { behavior: "immediate" },
  );
}
