import { z } from "zod";
import { descriptionSchema, displayNameSchema, resourceNameSchema } from "@/server/http/resource.schemas";

/** Groups of users (DESIGN.md §2), APIM's custom groups. */

/** `{groupId}` in `/groups/{groupId}`. */
export const groupIdSchema = resourceNameSchema("Group identifier, unique in the instance.");

export const groupPropertiesSchema = z.object({
  displayName: displayNameSchema,
  description: descriptionSchema.default(""),
});

export const groupPatchPropertiesSchema = z.object({
  displayName: displayNameSchema.optional(),
  description: descriptionSchema.optional(),
});

export const groupPutBodySchema = z.object({ properties: groupPropertiesSchema });
export const groupPatchBodySchema = z.object({ properties: groupPatchPropertiesSchema });

export type GroupProperties = z.output<typeof groupPropertiesSchema>;
export type GroupPatchProperties = z.output<typeof groupPatchPropertiesSchema>;

/** A group as the management API returns it; every Portcullis group is a custom one. */
export const groupContractSchema = z.object({
  id: z.string().describe("`/groups/{groupId}`"),
  name: z.string(),
  properties: z.object({
    displayName: z.string(),
    description: z.string(),
    builtIn: z.literal(false),
    type: z.literal("custom"),
  }),
});
export type GroupContract = z.output<typeof groupContractSchema>;
