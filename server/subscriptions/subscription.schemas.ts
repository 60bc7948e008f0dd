import "server-only";
import { z } from "zod";
import { SUBSCRIPTION_STATES } from "@/db/schema/index";
import { closeConnectionsQuerySchema } from "@/server/connections/connection.schemas";
import { pageQuerySchema } from "@/server/http/pagination";
import { displayNameSchema, resourceNameSchema } from "@/server/http/resource.schemas";

/**
 * The subscription resource (DESIGN.md §2, §4) in APIM's ARM shape. Keys are never part of
 * a GET body: `POST /subscriptions/{sid}/listSecrets` returns them.
 */

/** `{sid}` in `/subscriptions/{sid}`. */
export const subscriptionIdSchema = resourceNameSchema("Subscription identifier (APIM's sid), unique in the instance.");

/**
 * APIM scripts send full ARM ids (`/subscriptions/…/service/name/products/x`); the part after
 * the service is ours. The patterns accept what clients send (so the OpenAPI document is
 * right about inputs); `.overwrite()` then keeps the short form.
 */
const ARM_PREFIX = "(?:/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.ApiManagement/service/[^/]+)?";
const NAME = "[A-Za-z0-9][A-Za-z0-9_-]*";
const stripArmPrefix = (value: string) => value.replace(new RegExp(`^${ARM_PREFIX}`), "");

/** What a subscription's keys unlock: every API, one API, or one product's APIs. */
export const subscriptionScopeSchema = z
  .string()
  .trim()
  .regex(new RegExp(`^${ARM_PREFIX}(?:/apis(?:/${NAME})?|/products/${NAME})/?$`), "must be /apis, /apis/{apiId} or /products/{productId}")
  .overwrite((value) => stripArmPrefix(value).replace(/\/$/, ""))
  .describe("`/apis` (every API), `/apis/{apiId}` or `/products/{productId}`; the API or product must exist.");

/** `/users/{userId}` or the bare user id; stored as the id. */
export const ownerIdSchema = z
  .string()
  .trim()
  .regex(new RegExp(`^(?:${ARM_PREFIX}/users/)?${NAME}$`), "must be /users/{userId} or a user id")
  .overwrite((value) => stripArmPrefix(value).replace(/^\/users\//, ""))
  .describe("The owning user: `/users/{userId}` or the user id.");

/**
 * A key the caller chooses: long enough not to be guessed, and URL-safe so it works
 * unencoded in the `subscription-key` query parameter.
 */
export const subscriptionKeySchema = z
  .string()
  .min(16, "must be at least 16 characters long")
  .max(256, "must be at most 256 characters long")
  .regex(/^[A-Za-z0-9._~-]+$/, "must contain only letters, digits, '-', '.', '_' and '~'")
  .describe("16 to 256 URL-safe characters; generated (32 hex characters) when omitted.");

const stateSchema = z.enum(SUBSCRIPTION_STATES);
const stateCommentSchema = z.string().max(1000, "must be at most 1000 characters long").nullable();

/** `properties` of a PUT. */
export const subscriptionPropertiesSchema = z
  .object({
    scope: subscriptionScopeSchema,
    displayName: displayNameSchema,
    ownerId: ownerIdSchema.nullable().default(null),
    state: stateSchema
      .optional()
      .describe(
        "Initial state; by default `submitted` when the product requires approval, else `active`. Only administrators may set it.",
      ),
    stateComment: stateCommentSchema.default(null),
    allowTracing: z.boolean().default(false),
    primaryKey: subscriptionKeySchema.optional(),
    secondaryKey: subscriptionKeySchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.primaryKey !== undefined && value.primaryKey === value.secondaryKey) {
      ctx.addIssue({ code: "custom", path: ["secondaryKey"], message: "must differ from primaryKey" });
    }
  });

/** `properties` of a PATCH: rename, annotate or move the subscription through its states. */
export const subscriptionPatchPropertiesSchema = z.object({
  displayName: displayNameSchema.optional(),
  state: stateSchema
    .optional()
    .describe("approve: submitted→active; reject: submitted→rejected; suspend: active→suspended; reactivate: suspended→active; cancel."),
  stateComment: stateCommentSchema.optional(),
  allowTracing: z.boolean().optional(),
});

export const subscriptionPutBodySchema = z.object({ properties: subscriptionPropertiesSchema });
export const subscriptionPatchBodySchema = z.object({ properties: subscriptionPatchPropertiesSchema });

/**
 * PATCH and DELETE /subscriptions/{sid}: `?closeConnections=true` closes the subscription's open
 * connections when it stops being active (suspended, cancelled, deleted).
 */
export const subscriptionRevokeQuerySchema = closeConnectionsQuerySchema("subscription");

/** GET /subscriptions: a page, filtered by state, scope and owner (each optional, combined with AND). */
export const subscriptionListQuerySchema = pageQuerySchema.extend({
  state: stateSchema.optional(),
  scope: subscriptionScopeSchema.optional(),
  ownerId: ownerIdSchema.optional(),
});

export type SubscriptionProperties = z.output<typeof subscriptionPropertiesSchema>;
export type SubscriptionPatchProperties = z.output<typeof subscriptionPatchPropertiesSchema>;
export type SubscriptionListQuery = z.output<typeof subscriptionListQuerySchema>;

/** A subscription as the management API returns it (no keys). */
export const subscriptionContractSchema = z.object({
  id: z.string().describe("`/subscriptions/{sid}`"),
  name: z.string(),
  properties: z.object({
    scope: z.string(),
    displayName: z.string(),
    ownerId: z.string().nullable().describe("`/users/{userId}`"),
    state: stateSchema,
    stateComment: z.string().nullable(),
    allowTracing: z.boolean(),
    createdDate: z.string(),
    startDate: z.string().nullable(),
    expirationDate: z.string().nullable(),
    endDate: z.string().nullable(),
  }),
});
export type SubscriptionContract = z.output<typeof subscriptionContractSchema>;

/** POST /subscriptions/{sid}/listSecrets */
export const subscriptionSecretsSchema = z.object({ primaryKey: z.string(), secondaryKey: z.string() });
export type SubscriptionSecrets = z.output<typeof subscriptionSecretsSchema>;
