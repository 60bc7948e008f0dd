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
import { toUserContract, type UserRow } from "./to-user-contract";
import type { UserProperties } from "./user.schemas";

/**
 * Creates a user or replaces their properties. A given password is hashed (scrypt) before
 * the transaction; without one a replaced user keeps theirs. Throws ConflictError (email
 * taken) or UnprocessableEntityError (it would remove the last administrator).
 */
export async function putUser(db: Db, userId: string, properties: UserProperties): Promise<{ user: UserRow; created: boolean }> {
  const { password, ...values } = properties;
  if (password !== undefined) assertPasswordAllowed(password, values);
  const passwordHash = password === undefined ? undefined : await hashPassword(password);
  return db.transaction(
    (tx) => {
      assertEmailAvailable(tx, values.email, userId);
      const existing = tx.select().from(users).where(eq(users.id, userId)).get();
      if (existing) assertAdministratorRemains(tx, userId, values);
      const user = existing
        ? tx
            .update(users)
            .set({
              ...values,
              passwordHash: passwordHash ?? existing.passwordHash,
              sessionVersion: nextSessionVersion(existing, { ...values, passwordChanged: passwordHash !== undefined }),
            })
            .where(eq(users.id, userId))
            .returning()
            .get()
        : tx.insert(users).values({ id: userId, ...values, passwordHash: passwordHash ?? null }).returning().get();
      recordAudit(tx, {
        action: existing ? "update" : "create",
        resource: `/users/${userId}`,
        before: existing && toUserContract(existing),
        after: { ...toUserContract(user), ...(passwordHash ? { passwordChanged: true } : {}) },
      });
      return { user, created: !existing };
    },
    { behavior: "immediate" },
  );
}
