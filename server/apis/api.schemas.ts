import { z } from "zod";
import { closeConnectionsQuerySchema } from "@/server/connections/connection.schemas";

/**
 * The API resource of the management API (DESIGN.md §2), in Azure API Management's ARM shape:
 * `{"properties": {...}}` in, `{"id", "name", "properties"}` out. Declarative on purpose: the
 * same schemas generate the OpenAPI document, so normalisation uses `.trim()`/`.overwrite()`
 * (which keep the type) rather than `.transform()`. Messages read after the field name.
 */

export const API_PROTOCOLS = ["ws", "wss"] as const;
export const DEFAULT_SUBSCRIPTION_KEY_HEADER = "Ocp-Apim-Subscription-Key";
export const DEFAULT_SUBSCRIPTION_KEY_QUERY = "subscription-key";

/** `{apiId}` in `/apis/{apiId}`. */
export const apiIdSchema = z
  .string()
  .min(1, { error: "must not be empty", abort: true })
  .max(80, { error: "must be at most 80 characters long", abort: true })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "must start with a letter or digit and contain only letters, digits, '-' and '_'")
  .describe("API identifier, unique in the instance.");

/** The backend a connection is relayed to. */
export const serviceUrlSchema = z
  .string()
  .trim()
  .max(2000, "must be at most 2000 characters long")
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be an absolute ws:// or wss:// URL" });
      return;
    }
    if (url.protocol !== "ws:" && url.protocol !== "wss:") {
      ctx.addIssue({ code: "custom", message: `must be a ws:// or wss:// URL, not ${url.protocol}//` });
    } else if (url.hash) {
      ctx.addIssue({ code: "custom", message: "must not contain a fragment ('#')" });
    }
  })
  .describe("Absolute ws:// or wss:// URL of the backend WebSocket service.");

/** The URL suffix under the gateway; leading and trailing slashes are dropped. */
export const apiPathSchema = z
  .string()
  .trim()
  .overwrite((value) => value.replace(/^\/+|\/+$/g, ""))
  .min(1, { error: "must not be empty", abort: true })
  .max(400, { error: "must be at most 400 characters long", abort: true })
  .regex(
    /^[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/,
    "must be URL segments of letters, digits, '-', '.', '_' and '~' separated by single '/'",
  )
  .refine((value) => !value.split("/").some((s) => s === "." || s === ".."), "must not contain '.' or '..' segments")
  .describe("URL suffix under the gateway (e.g. `chat/v1`); unique, compared case-insensitively.");

/** Which schemes clients may use to reach the API; duplicates are dropped, order is ws, wss. */
export const protocolsSchema = z
  .array(z.enum(API_PROTOCOLS))
  .min(1, "must contain at least one of \"ws\", \"wss\"")
  .overwrite((values) => API_PROTOCOLS.filter((p) => values.includes(p)))
  .describe("Schemes clients may use: ws, wss or both.");

/** An HTTP header name (RFC 9110 token). */
const headerNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters long")
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be a valid HTTP header name");

/** A query parameter name that needs no percent-encoding. */
const queryNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters long")
  .regex(/^[A-Za-z0-9._~-]+$/, "must contain only letters, digits, '-', '.', '_' and '~'");

const displayNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(300, "must be at most 300 characters long");

const descriptionSchema = z.string().max(10_000, "must be at most 10000 characters long");

const apiTypeSchema = z.literal("websocket", { error: "must be \"websocket\" (Portcullis manages WebSocket APIs only)" });

/** `properties` of a PUT: the whole API; omitted optional fields take their defaults. */
export const apiPropertiesSchema = z.object({
  displayName: displayNameSchema,
  description: descriptionSchema.default(""),
  type: apiTypeSchema.default("websocket"),
  serviceUrl: serviceUrlSchema,
  path: apiPathSchema,
  protocols: protocolsSchema.default(["ws", "wss"]),
  subscriptionRequired: z.boolean().default(true),
  subscriptionKeyParameterNames: z
    .object({
      header: headerNameSchema.default(DEFAULT_SUBSCRIPTION_KEY_HEADER),
      query: queryNameSchema.default(DEFAULT_SUBSCRIPTION_KEY_QUERY),
    })
    .default({ header: DEFAULT_SUBSCRIPTION_KEY_HEADER, query: DEFAULT_SUBSCRIPTION_KEY_QUERY }),
});

/** `properties` of a PATCH: any subset, merged into the stored API. */
export const apiPatchPropertiesSchema = z.object({
  displayName: displayNameSchema.optional(),
  description: descriptionSchema.optional(),
  type: apiTypeSchema.optional(),
  serviceUrl: serviceUrlSchema.optional(),
  path: apiPathSchema.optional(),
  protocols: protocolsSchema.optional(),
  subscriptionRequired: z.boolean().optional(),
  subscriptionKeyParameterNames: z
    .object({ header: headerNameSchema.optional(), query: queryNameSchema.optional() })
    .optional(),
});

/** PUT /apis/{apiId} body. */
export const apiPutBodySchema = z.object({ properties: apiPropertiesSchema });

/** PATCH /apis/{apiId} body. */
export const apiPatchBodySchema = z.object({ properties: apiPatchPropertiesSchema });

/** DELETE /apis/{apiId}: `?closeConnections=true` closes its open connections too. */
export const apiDeleteQuerySchema = closeConnectionsQuerySchema("API");

export type ApiProperties = z.output<typeof apiPropertiesSchema>;
export type ApiPatchProperties = z.output<typeof apiPatchPropertiesSchema>;

/** An API as the management API returns it. */
export const apiContractSchema = z.object({
  id: z.string().describe("`/apis/{apiId}`"),
  name: apiIdSchema,
  properties: z.object({
    displayName: z.string(),
    description: z.string(),
    type: z.literal("websocket"),
    serviceUrl: z.string().optional().describe("The backend URL; omitted for developers."),
    path: z.string(),
    protocols: z.array(z.enum(API_PROTOCOLS)),
    subscriptionRequired: z.boolean(),
    subscriptionKeyParameterNames: z.object({ header: z.string(), query: z.string() }),
  }),
});
export type ApiContract = z.output<typeof apiContractSchema>;

/** The one operation every WebSocket API has. */
export const operationContractSchema = z.object({
  id: z.string().describe("`/apis/{apiId}/operations/onHandshake`"),
  name: z.literal("onHandshake"),
  properties: z.object({
    displayName: z.literal("onHandshake"),
    method: z.literal("GET"),
    urlTemplate: z.literal("/"),
  }),
});
export type OperationContract = z.output<typeof operationContractSchema>;
