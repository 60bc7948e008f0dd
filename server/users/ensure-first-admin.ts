import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema/index";
import { generatePassword, hashPassword } from "@/server/auth/password";
import { checkPassword } from "@/server/auth/password-rule";

export type FirstAdminResult =
  | { created: false; reason: "administrator-exists" | "email-taken" }
  | { created: true; email: string; userId: string; generatedPassword: string | null };

/**
 * Creates the first administrator when the instance has none. Without a password one is
 * generated and returned, so the caller can show it once; it is never stored in clear.
 */
export async function ensureFirstAdmin(db: Db, input: { email: string; password?: string }): Promise<FirstAdminResult> {
  const hasAdmin = db.select({ id: users.id }).from(users).where(eq(users.role, "administrator")).limit(1).get();
  if (hasAdmin) return { created: false, reason: "administrator-exists" };
  if (input.password) {
    const verdict = checkPassword(input.password, [input.email]);
    if (!verdict.ok) throw new Error(`PORTCULLIS_ADMIN_PASSWORD ${verdict.reason}.`);
  }
  const generatedPassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);
  const inserted = db
    .insert(users)
    .values({ id: "admin", email: input.email, firstName: "Administrator", passwordHash, role: "administrator", state: "active" })
    .onConflictDoNothing()
    .returning({ id: users.id })
    .all();
  // Another user already has this email (or the id): leave it alone rather than promote it silently.
  if (inserted.length === 0) return { created: false, reason: "email-taken" };
  return { created: true, email: input.email, userId: inserted[0]!.id, generatedPassword };
}
