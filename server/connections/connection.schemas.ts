import { z } from "zod";
import { pageQuerySchema } from "@/server/http/pagination";
import { queryFlag } from "@/server/http/query-flag";

/** A gateway whose heartbeat is older than this is presumed gone: its connections are not listed as open. */
export const HEARTBEAT_FRESH_MS = 60_000;

/** GET /connections: open connections, newest first. */
export const connectionQuerySchema = pageQuerySchema.extend({
  apiId: z.string().min(1, "must not be empty").optional(),
  gatewayId: z.string().min(1, "must not be empty").optional(),
  subscriptionId: z.string().min(1, "must not be empty").optional(),
  callerIp: z.string().min(1, "must not be empty").optional(),
});
export type ConnectionQuery = z.output<typeof connectionQuerySchema>;

/** `{connectionId}`: a gateway log row's id. */
export const connectionIdSchema = z.string().min(1).max(100).describe("The connection's gateway log row id.");

/** The most a Close frame's reason may hold (RFC 6455 §5.5: 125 bytes of payload, 2 of them the code). */
export const MAX_CLOSE_REASON_BYTES = 123;
export const DEFAULT_CLOSE_REASON = "Closed by an administrator";

/** POST /connections/{connectionId}/close. */
export const closeConnectionBodySchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .refine((value) => Buffer.byteLength(value, "utf8") <= MAX_CLOSE_REASON_BYTES, `must be at most ${MAX_CLOSE_REASON_BYTES} bytes of UTF-8 (a Close frame's limit)`)
    .default(DEFAULT_CLOSE_REASON)
    .describe("The Close frame's reason; the client and the backend receive 1008 with it."),
});

/**
 * `?closeConnections=true` on a change that ends access (deleting an API; suspending,
 * cancelling or deleting a subscription): its open connections are closed too (DESIGN.md §3).
 */
export function closeConnectionsQuerySchema(resource: string) {
  return z.object({
    closeConnections: queryFlag(
      `Also close the ${resource}'s open connections: each gets 1008 and the reason within its gateway's poll interval. Without it they stay open until they close.`,
    ),
  });
}

/** An open connection: an accepted handshake whose close is not recorded, on a gateway that is alive. */
export const connectionContractSchema = z.object({
  id: z.string().describe("The gateway log row's id."),
  openedAt: z.string(),
  gatewayId: z.string(),
  apiId: z.string().nullable(),
  productId: z.string().nullable(),
  subscriptionId: z.string().nullable(),
  userId: z.string().nullable(),
  callerIp: z.string(),
  url: z.string(),
  backendUrl: z.string().nullable(),
  closeRequestedAt: z.string().nullable().describe("When someone asked to close it (the gateway has not yet)."),
  messagesInbound: z.number().int().describe("Messages so far, client → backend, as the gateway last reported them (every GATEWAY_METRICS_FLUSH_MS)."),
  messagesOutbound: z.number().int(),
  bytesInbound: z.number().int(),
  bytesOutbound: z.number().int(),
  apiName: z.string().nullable().describe("The API's display name (null: no API, or deleted since)."),
  productName: z.string().nullable().describe("The product's display name."),
  subscriptionName: z.string().nullable().describe("The subscription's display name."),
  userEmail: z.string().nullable().describe("The subscription owner's email."),
});
export type ConnectionContract = z.output<typeof connectionContractSchema>;

/** A close request as the API answers it (202). */
export const closeRequestContractSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  gatewayId: z.string(),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  state: z.enum(["pending", "closed", "notFound"]),
});
export type CloseRequestContract = z.output<typeof closeRequestContractSchema>;
