import "server-only";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema/index";
import { runAsAuditActor } from "@/server/audit/audit-context";
import { recordAudit } from "@/server/audit/record-audit";
import { hashPassword } from "@/server/auth/password";
import { ConflictError, TooManyRequestsError } from "@/server/http/errors";
import { signUpThrottle, signUpThrottledMessage, type SignUpThrottle } from "@/server/portal/sign-up-throttle";
import type { SignUpBody, SignUpResult } from "./sign-up.schemas";
import { assertPasswordAllowed } from "./assert-password-allowed";
import { toUserContract } from "./to-user-contract";

export const EMAIL_TAKEN_MESSAGE = "An account with this email address already exists. Sign in instead.";

/**
 * A visitor of the developer portal creates their own account: an active developer with a
 * scrypt-hashed password. Emails are unique ignoring case. Throttled per IP (TooManyRequestsError);
 * a taken email is a ConflictError. The audit log names the new user as the author.
 */
export async function signUpDeveloper(
  db: Db,
  input: SignUpBody,
  ip: string,
  throttle: SignUpThrottle = signUpThrottle(),
  now = Date.now(),
): Promise<SignUpResult> {
  const decision = throttle.check(ip, now);
  if (!decision.allowed) throw new TooManyRequestsError(signUpThrottledMessage(decision.retryAfterMs), decision.retryAfterMs / 1000);
  throttle.record(ip, now);

  assertPasswordAllowed(input.password, input, "password");
  const passwordHash = await hashPassword(input.password);
  const id = newUserId(input.email);
  return runAsAuditActor({ kind: "user", id }, () =>
    db.transaction(
      (tx) => {
        const taken = tx
          .select({ id: users.id })
          .from(users)
          .where(sql`lower(${users.email}) = lower(${input.email})`)
          .get();
        if (taken) throw new ConflictError(EMAIL_TAKEN_MESSAGE, { details: [{ target: "email", message: EMAIL_TAKEN_MESSAGE }] });
        const user = tx
          .insert(users)
          .values({ id, email: input.email, firstName: input.firstName, lastName: input.lastName, passwordHash, role: "developer", state: "active" })
          .returning()
          .get();
        recordAudit(tx, { action: "create", resource: `/users/${id}`, after: { ...toUserContract(user), signedUp: true } });
        return { id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName };
      },
      { behavior: "immediate" },
    ),
  );
}

/** A readable, unguessable user id: the email's local part as a slug and 6 random hex digits ("ada-lovelace-3f9c1a"). */
export function newUserId(email: string): string {
  const slug = (email.split("@")[0] ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `${slug || "developer"}-${randomBytes(3).toString("hex")}`;
}
