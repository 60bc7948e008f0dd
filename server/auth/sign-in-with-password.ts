import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, type UserRole } from "@/db/schema/index";
import { loginThrottle, throttledMessage, type LoginThrottle } from "./login-throttle";
import { hashPassword, verifyPassword } from "./password";

/** The user a successful sign-in stands for, as the session token carries it. */
export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
}

/** `sessionVersion`: the user's at sign-in, which the session carries; it ends when that changes. */
export type SignInResult = { ok: true; user: SignedInUser; sessionVersion: number } | { ok: false; message: string };

export const INVALID_CREDENTIALS_MESSAGE = "Invalid email or password.";
export const BLOCKED_MESSAGE = "This account is blocked. Ask an administrator to unblock it.";
export const PENDING_MESSAGE = "This account is not activated yet. Ask an administrator to activate it.";

let dummyHash: Promise<string> | undefined;

/**
 * Checks an email and password for the portal's sign-in: throttled per email and IP, the
 * same work (one scrypt) whether or not the email exists, and the account's state revealed
 * only to someone who knows its password. Updates `last_login_at` on success.
 */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string; ip: string },
  throttle: LoginThrottle = loginThrottle(),
  now = new Date(),
): Promise<SignInResult> {
  const email = input.email.trim();
  if (!email || !input.password) return { ok: false, message: "Enter your email and password." };

  const decision = throttle.check(email, input.ip, now.getTime());
  if (!decision.allowed) return { ok: false, message: throttledMessage(decision.retryAfterMs) };

  const user = db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .get();
  // Without a user (or a password), hash against a throwaway so timing does not tell.
  const stored = user?.passwordHash ?? (await (dummyHash ??= hashPassword("portcullis-timing-equaliser")));
  const valid = (await verifyPassword(input.password, stored)) && !!user?.passwordHash;
  if (!valid || !user) {
    throttle.recordFailure(email, input.ip, now.getTime());
    return { ok: false, message: INVALID_CREDENTIALS_MESSAGE };
  }
  throttle.recordSuccess(email, input.ip);

  if (user.state === "blocked") return { ok: false, message: BLOCKED_MESSAGE };
  if (user.state === "pending") return { ok: false, message: PENDING_MESSAGE };

  // A sign-in is not an edit of the user: keep updated_at as it was.
  db.update(users).set({ lastLoginAt: now, updatedAt: user.updatedAt }).where(eq(users.id, user.id)).run();
  const name = [user.firstName, user.lastName].filter(Boolean).join(" ") || user.email;
  return { ok: true, user: { id: user.id, email: user.email, name, role: user.role }, sessionVersion: user.sessionVersion };
}
