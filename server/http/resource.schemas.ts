import { z } from "zod";
import { apiIdSchema } from "@/server/apis/api.schemas";
import { queryFlag } from "@/server/http/query-flag";

/**
 * Field schemas every management resource shares. Declarative like api.schemas.ts (no
 * `.transform()`), so the OpenAPI document can be generated from them.
 */

/** An APIM resource name (`{productId}`, `{sid}`, `{userId}`, …): the rule `apiIdSchema` states for API ids. */
export function resourceNameSchema(description: string) {
  return apiIdSchema.describe(description);
}

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(300, "must be at most 300 characters long");

export const descriptionSchema = z.string().max(10_000, "must be at most 10000 characters long");

/** An ISO 8601 date-time with an offset (`2025-01-31T12:00:00Z`), as query filters take it. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time such as 2025-01-31T12:00:00Z" });

/**
 * APIM's `?deleteSubscriptions=true` on DELETE of a resource that subscriptions depend on, and
 * `closeConnections=true` to close the open connections of the subscriptions deleted with it.
 */
export function deleteSubscriptionsQuerySchema(resource: string) {
  return z.object({
    deleteSubscriptions: queryFlag(`Delete the ${resource}'s subscriptions too; without it a ${resource} that has subscriptions is not deleted (409).`),
    closeConnections: queryFlag('Also close the open connections of the subscriptions deleted with it: each gets 1008 "Subscription deleted".'),
  });
}

/** A stored date as the API shows it; null stays null. */
export function isoDate(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** A resource as the management API returns it: `{ id, name, properties }`, `id` described as `idPattern` (`/products/{productId}`). */
export function resourceContractSchema<S extends z.ZodRawShape>(idPattern: string, properties: S) {
  return z.object({
    id: z.string().describe(`\`${idPattern}\``),
    name: z.string(),
    properties: z.object(properties),
  });
}

/** A stored resource's contract: `id` is `/<collection>/<name>`. */
export function toResourceContract<P>(collection: string, name: string, properties: P): { id: string; name: string; properties: P } {
  return { id: `/${collection}/${name}`, name, properties };
}
