import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { passwordResetLinks } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { getUserOrThrow } from "@/server/users/get-user-or-throw";
import { generateResetToken, hashResetToken, RESET_LINK_LIFETIME_MS, resetLinkUrl } from "./reset-link-token";

/** The answer to creating a reset link: the link itself, shown this once, and when it expires. */
export interface PasswordResetLinkContract {
  url: string;
  expirationDate: string;
}

/**
 * Creates a one-time link for `userId` to choose a password (an administrator shares it). Only
 * the newest link of a user works: creating one replaces any earlier unused link. Audited
 * without the link. Throws NotFoundError for an unknown user.
 */
export function createPasswordResetLink(db: Db, userId: string, origin: string, now = new Date()): PasswordResetLinkContract {
  const token = generateResetToken();
  const expiresAt = new Date(now.getTime() + RESET_LINK_LIFETIME_MS);
  db.transaction(
    (tx) => {
      getUserOrThrow(tx, userId);
      tx.delete(passwordResetLinks).where(eq(passwordResetLinks.userId, userId)).run();
      const id = randomBytes(8).toString("hex");
      tx.insert(passwordResetLinks).values({ id, userId, tokenHash: hashResetToken(token), createdAt: now, expiresAt }).run();
      recordAudit(tx, { action: "createPasswordResetLink", resource: `/users/${userId}`, after: { linkId: id, expirationDate: expiresAt.toISOString() } });
    },
    { behavior: "immediate" },
  );
  return { url: resetLinkUrl(origin, token), expirationDate: expiresAt.toISOString() };
}
