import { z } from "zod";
import { descriptionSchema, displayNameSchema, resourceNameSchema } from "@/server/http/resource.schemas";

/**
 * Gateways (DESIGN.md §2, §6): the managed one co-deployed with the portal, which always
 * exists and serves every API, and self-hosted ones that serve the APIs assigned to them.
 */

/** `{gatewayId}` in `/gateways/{gatewayId}`. */
export const gatewayIdSchema = resourceNameSchema("Gateway identifier; `managed` is the co-deployed gateway.");

export const gatewayPropertiesSchema = z.object({
  displayName: displayNameSchema,
  description: descriptionSchema.default(""),
});

export const gatewayPatchPropertiesSchema = z.object({
  displayName: displayNameSchema.optional(),
  description: descriptionSchema.optional(),
});

export const gatewayPutBodySchema = z.object({ properties: gatewayPropertiesSchema });
export const gatewayPatchBodySchema = z.object({ properties: gatewayPatchPropertiesSchema });

export type GatewayProperties = z.output<typeof gatewayPropertiesSchema>;
export type GatewayPatchProperties = z.output<typeof gatewayPatchPropertiesSchema>;

/** A gateway as the management API returns it. */
export const gatewayContractSchema = z.object({
  id: z.string().describe("`/gateways/{gatewayId}`"),
  name: z.string(),
  properties: z.object({
    displayName: z.string(),
    description: z.string(),
    managed: z.boolean().describe("True for the co-deployed gateway, which serves every API and cannot be deleted."),
    lastHeartbeatAt: z.string().nullable(),
  }),
});
export type GatewayContract = z.output<typeof gatewayContractSchema>;
