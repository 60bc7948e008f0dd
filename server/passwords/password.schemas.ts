import "server-only";
import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "@/server/auth/password-limits";
import { passwordSchema } from "@/server/auth/password-rule";

/**
 * The bodies of the portal's password forms. Messages are whole sentences: the forms show them
 * under their fields as they are.
 */

const sentence = (reason: string) => `The password ${reason}.`;

/** `POST /api/portal/reset-password`: the link's token and the chosen password. */
export const resetPasswordBodySchema = z.object({
  token: z.string({ error: "The link is incomplete." }).regex(/^[A-Za-z0-9_-]{20,100}$/, "The link is incomplete."),
  password: passwordSchema(sentence, "Choose a password."),
});

/** `POST /api/portal/profile/password`: the current password and the new one. */
export const changePasswordBodySchema = z.object({
  currentPassword: z
    .string({ error: "Enter your current password." })
    .min(1, "Enter your current password.")
    .max(MAX_PASSWORD_LENGTH, "Enter your current password."),
  newPassword: passwordSchema(sentence, "Choose a new password."),
});

/** The answer to `POST /users/{userId}/createPasswordResetLink`. */
export const passwordResetLinkContractSchema = z.object({
  url: z.string().describe("`{portal}/reset-password/{token}`: shown once, works once, for 24 hours."),
  expirationDate: z.string(),
});
