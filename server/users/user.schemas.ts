import "server-only";
import { z } from "zod";
import { USER_ROLES } from "@/db/schema/index";
import { PASSWORD_RULE_DESCRIPTION, passwordSchema } from "@/server/auth/password-rule";
import { deleteSubscriptionsQuerySchema, resourceContractSchema, resourceNameSchema } from "@/server/http/resource.schemas";

/**
 * Users (DESIGN.md §2) in APIM's ARM shape, with Portcullis's role. A password may be set
 * but is never returned; emails are unique ignoring case.
 */

export const USER_STATES = ["active", "blocked", "pending"] as const;

/** `{userId}` in `/users/{userId}`. */
export const userIdSchema = resourceNameSchema("User identifier, unique in the instance.");

const emailSchema = z
  .string()
  .trim()
  .max(254, "must be at most 254 characters long")
  .regex(z.regexes.email, "must be an email address")
  .describe("Unique, compared ignoring case.");

const nameSchema = z.string().trim().max(100, "must be at most 100 characters long");

const userPasswordSchema = passwordSchema().describe(`Write-only: stored as a scrypt hash and never returned. ${PASSWORD_RULE_DESCRIPTION}`);

/** `properties` of a PUT. Without `password`, a replaced user keeps theirs. */
export const userPropertiesSchema = z.object({
  email: emailSchema,
  firstName: nameSchema.default(""),
  lastName: nameSchema.default(""),
  role: z.enum(USER_ROLES).default("developer"),
  state: z.enum(USER_STATES).default("active"),
  password: userPasswordSchema.optional(),
});

export const userPatchPropertiesSchema = z.object({
  email: emailSchema.optional(),
  firstName: nameSchema.optional(),
  lastName: nameSchema.optional(),
  role: z.enum(USER_ROLES).optional(),
  state: z.enum(USER_STATES).optional(),
  password: userPasswordSchema.optional(),
});

export const userPutBodySchema = z.object({ properties: userPropertiesSchema });
export const userPatchBodySchema = z.object({ properties: userPatchPropertiesSchema });

/** DELETE /users/{userId} query: APIM's `deleteSubscriptions`. */
export const userDeleteQuerySchema = deleteSubscriptionsQuerySchema("user");

export type UserProperties = z.output<typeof userPropertiesSchema>;
export type UserPatchProperties = z.output<typeof userPatchPropertiesSchema>;

/** A user as the management API returns it (no password). */
export const userContractSchema = resourceContractSchema("/users/{userId}", {
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.enum(USER_ROLES),
  state: z.enum(USER_STATES),
  registrationDate: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type UserContract = z.output<typeof userContractSchema>;
