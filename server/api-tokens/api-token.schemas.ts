import "server-only";
import { z } from "zod";
import { USER_ROLES } from "@/db/schema/index";
import { isoDateTimeSchema, resourceNameSchema } from "@/server/http/resource.schemas";
import { ownerIdSchema } from "@/server/subscriptions/subscription.schemas";

/**
 * Management API tokens (administrators only). The token itself is returned once, by the
 * POST that creates it; only its SHA-256 is stored.
 */

export const API_TOKEN_STATES = ["active", "expired", "revoked"] as const;

/** `{tokenId}` in `/apiTokens/{tokenId}`. */
export const apiTokenIdSchema = resourceNameSchema("API token identifier (generated).");

export const apiTokenCreatePropertiesSchema = z.object({
  displayName: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters long"),
  role: z.enum(USER_ROLES).describe("What the token may do; at most its user's role when it belongs to one."),
  userId: ownerIdSchema.nullable().default(null).describe("The user the token acts for: `/users/{userId}` or the user id."),
  gatewayId: resourceNameSchema("A self-hosted gateway the token authenticates; it may then only pull that gateway's configuration.")
    .nullable()
    .default(null),
  expirationDate: isoDateTimeSchema.nullable().default(null).describe("When the token stops working; null: never."),
});

export const apiTokenCreateBodySchema = z.object({ properties: apiTokenCreatePropertiesSchema });
export type ApiTokenCreateProperties = z.output<typeof apiTokenCreatePropertiesSchema>;

/** A token as lists show it: never the token or its hash. */
export const apiTokenContractSchema = z.object({
  id: z.string().describe("`/apiTokens/{tokenId}`"),
  name: z.string(),
  properties: z.object({
    displayName: z.string(),
    prefix: z.string().describe("The token's first characters, to recognise it."),
    role: z.enum(USER_ROLES),
    userId: z.string().nullable(),
    gatewayId: z.string().nullable(),
    state: z.enum(API_TOKEN_STATES),
    createdDate: z.string(),
    lastUsedDate: z.string().nullable(),
    expirationDate: z.string().nullable(),
    revokedDate: z.string().nullable(),
  }),
});
export type ApiTokenContract = z.output<typeof apiTokenContractSchema>;

/** The POST answer: the contract plus the token, shown this once. */
export const createdApiTokenContractSchema = apiTokenContractSchema.extend({
  properties: apiTokenContractSchema.shape.properties.extend({
    token: z.string().describe("`pk_` + 43 base64url characters. Shown once: store it now."),
  }),
});
export type CreatedApiTokenContract = z.output<typeof createdApiTokenContractSchema>;
