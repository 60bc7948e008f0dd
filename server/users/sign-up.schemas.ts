import "server-only";
import { z } from "zod";
import { passwordSchema } from "@/server/auth/password-rule";

/**
 * The developer portal's sign-up form, as `POST /api/portal/signup` takes it. Messages are
 * whole sentences: the form shows them under their fields as they are.
 */

export const signUpBodySchema = z.object({
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .min(1, "Enter your email address.")
    .max(254, "The email address must be at most 254 characters long.")
    .regex(z.regexes.email, "Enter a valid email address, such as you@example.com."),
  password: passwordSchema((reason) => `The password ${reason}.`, "Choose a password."),
  firstName: z
    .string({ error: "Enter your first name." })
    .trim()
    .min(1, "Enter your first name.")
    .max(100, "The first name must be at most 100 characters long."),
  lastName: z
    .string({ error: "Enter your last name." })
    .trim()
    .min(1, "Enter your last name.")
    .max(100, "The last name must be at most 100 characters long."),
  acceptTerms: z.literal(true, { error: "Accept the terms of use to create an account." }),
});

export type SignUpBody = z.output<typeof signUpBodySchema>;

/** What the portal answers a successful sign-up with (never the password). */
export interface SignUpResult {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
}
