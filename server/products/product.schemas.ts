import { z } from "zod";
import { deleteSubscriptionsQuerySchema, descriptionSchema, displayNameSchema, resourceContractSchema, resourceNameSchema } from "@/server/http/resource.schemas";

/**
 * The product resource (DESIGN.md §2) in APIM's ARM shape. A product bundles APIs that
 * developers subscribe to together; only `published` products are visible to developers.
 */

export const PRODUCT_STATES = ["published", "notPublished"] as const;

/** `{productId}` in `/products/{productId}`. */
export const productIdSchema = resourceNameSchema("Product identifier, unique in the instance.");

const subscriptionsLimitSchema = z
  .number()
  .int("must be an integer")
  .min(1)
  .nullable()
  .describe("Subscriptions one user may hold to the product at the same time; null means unlimited.");

/** `properties` of a PUT: the whole product; omitted optional fields take their defaults. */
export const productPropertiesSchema = z.object({
  displayName: displayNameSchema,
  description: descriptionSchema.default(""),
  subscriptionRequired: z.boolean().default(true),
  approvalRequired: z.boolean().default(false).describe("New developer subscriptions wait in `submitted` for an administrator."),
  subscriptionsLimit: subscriptionsLimitSchema.default(null),
  state: z.enum(PRODUCT_STATES).default("notPublished"),
});

/** `properties` of a PATCH: any subset, merged into the stored product. */
export const productPatchPropertiesSchema = z.object({
  displayName: displayNameSchema.optional(),
  description: descriptionSchema.optional(),
  subscriptionRequired: z.boolean().optional(),
  approvalRequired: z.boolean().optional(),
  subscriptionsLimit: subscriptionsLimitSchema.optional(),
  state: z.enum(PRODUCT_STATES).optional(),
});

export const productPutBodySchema = z.object({ properties: productPropertiesSchema });
export const productPatchBodySchema = z.object({ properties: productPatchPropertiesSchema });

/** DELETE /products/{productId} query: APIM's `deleteSubscriptions`. */
export const productDeleteQuerySchema = deleteSubscriptionsQuerySchema("product");

export type ProductProperties = z.output<typeof productPropertiesSchema>;
export type ProductPatchProperties = z.output<typeof productPatchPropertiesSchema>;

/** A product as the management API returns it. */
export const productContractSchema = resourceContractSchema("/products/{productId}", {
  displayName: z.string(),
  description: z.string(),
  subscriptionRequired: z.boolean(),
  approvalRequired: z.boolean(),
  subscriptionsLimit: z.number().int().nullable(),
  state: z.enum(PRODUCT_STATES),
});
export type ProductContract = z.output<typeof productContractSchema>;
