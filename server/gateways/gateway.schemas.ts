import { z } from "zod";
import { isoDateTimeSchema, descriptionSchema, displayNameSchema, resourceNameSchema } from "@/server/http/resource.schemas";

/**
 * Gateways (DESIGN.md §2, §6): the managed one co-deployed with the portal, which always
 * exists and serves every API, and self-hosted ones that serve the APIs assigned to them.
 * Bodies are APIM's (`Microsoft.ApiManagement/service/gateways`).
 */

/** `{gatewayId}` in `/gateways/{gatewayId}`. */
export const gatewayIdSchema = resourceNameSchema("Gateway identifier; `managed` is the co-deployed gateway.");

const locationFieldSchema = z.string().trim().max(256, "must be at most 256 characters long");

/** APIM's `locationData`: where the gateway runs; `name` is required in it. */
export const gatewayLocationDataSchema = z.object({
  name: locationFieldSchema.min(1, "must not be empty").describe("A name for the location (`London office`, `eu-west edge`)."),
  city: locationFieldSchema.optional(),
  district: locationFieldSchema.optional().describe("District, state or province."),
  countryOrRegion: locationFieldSchema.optional(),
});

/**
 * A key given rather than generated (beyond APIM, which only generates them): what `apply`
 * sends to restore an exported gateway's keys. Write-only, never answered.
 */
const gatewayKeyValueSchema = z
  .string()
  .min(32, "must be at least 32 characters long")
  .max(256, "must be at most 256 characters long")
  .regex(/^\S+$/, "must not contain whitespace");

export const gatewayPropertiesSchema = z.object({
  displayName: displayNameSchema.optional().describe("Defaults to `locationData.name`, or else the gateway id (APIM has no display name)."),
  description: descriptionSchema.default(""),
  locationData: gatewayLocationDataSchema.nullable().optional(),
  primaryKey: gatewayKeyValueSchema.optional().describe("Sets the primary key instead of keeping or generating one (restoring an export)."),
  secondaryKey: gatewayKeyValueSchema.optional().describe("Sets the secondary key instead of keeping or generating one."),
});

export const gatewayPatchPropertiesSchema = z.object({
  displayName: displayNameSchema.optional(),
  description: descriptionSchema.optional(),
  locationData: gatewayLocationDataSchema.nullable().optional().describe("null removes the location."),
  primaryKey: gatewayKeyValueSchema.optional(),
  secondaryKey: gatewayKeyValueSchema.optional(),
});

export const gatewayPutBodySchema = z.object({ properties: gatewayPropertiesSchema });
export const gatewayPatchBodySchema = z.object({ properties: gatewayPatchPropertiesSchema });

export type GatewayProperties = z.output<typeof gatewayPropertiesSchema>;
export type GatewayPatchProperties = z.output<typeof gatewayPatchPropertiesSchema>;

/** Which of a gateway's two keys. */
export const gatewayKeyTypeSchema = z.enum(["primary", "secondary"]);
export type GatewayKeyType = z.output<typeof gatewayKeyTypeSchema>;

/** `POST /gateways/{gid}/regenerateKey`. */
export const gatewayRegenerateKeyBodySchema = z.object({ keyType: gatewayKeyTypeSchema });

/** `POST /gateways/{gid}/generateToken`: APIM's body; `expiry` in the future, at most 30 days ahead. */
export const gatewayGenerateTokenBodySchema = z.object({
  keyType: gatewayKeyTypeSchema.default("primary"),
  expiry: isoDateTimeSchema.describe("When the token stops working (ISO 8601, minute precision, at most 30 days ahead)."),
});

/** `listKeys`' answer. */
export const gatewayKeysContractSchema = z.object({ primary: z.string(), secondary: z.string() });
export type GatewayKeysContract = z.output<typeof gatewayKeysContractSchema>;

/** `generateToken`'s answer: the Authorization header value a self-hosted gateway sends. */
export const gatewayTokenContractSchema = z.object({ value: z.string().describe("`GatewayKey {gid}&{yyyyMMddHHmm}&{signature}`") });

/** A gateway as the management API returns it. */
export const gatewayContractSchema = z.object({
  id: z.string().describe("`/gateways/{gatewayId}`"),
  name: z.string(),
  properties: z.object({
    displayName: z.string(),
    description: z.string(),
    locationData: gatewayLocationDataSchema.nullable(),
    managed: z.boolean().describe("True for the co-deployed gateway, which serves every API and cannot be deleted."),
    lastHeartbeatAt: z.string().nullable(),
  }),
});
export type GatewayContract = z.output<typeof gatewayContractSchema>;

/** One running process of a gateway, from its heartbeats. */
export const gatewayInstanceContractSchema = z.object({
  instanceId: z.string(),
  host: z.string(),
  version: z.string(),
  revision: z.number().int(),
  connections: z.number().int(),
  workers: z.number().int(),
  firstSeenAt: z.string(),
  lastHeartbeatAt: z.string(),
  stale: z.boolean().describe("No heartbeat for more than 60 seconds (three heartbeat intervals)."),
});
export type GatewayInstanceContract = z.output<typeof gatewayInstanceContractSchema>;
