import { z } from "zod";
import type { ConfigApiRow, ConfigRows, ConfigSubscriptionRow } from "../config/config-rows";

/**
 * The self-hosted gateway protocol (DESIGN.md §6): what a remote gateway and the portal say to
 * each other under `{PORTCULLIS_CONFIG_URL}/api/gateway/v1`. Both sides import this one module
 * for the paths and the zod schemas of every body (and gateway-token.ts for the token), so they cannot drift apart. It
 * imports nothing from the portal (server/, next) and nothing from the database client.
 *
 * Endpoints (every request carries `Authorization: GatewayKey {gid}&{yyyyMMddHHmm}&{signature}`):
 * - `GET /config[?revision=N]` → 200 {@link ConfigResponse}; with `revision` equal to the current
 *   one the request is held until the revision moves (200) or the hold ends (304, no body).
 * - `POST /heartbeat` {@link HeartbeatRequest} → 204.
 * - `POST /telemetry` {@link TelemetryRequest} → 204 (413 past {@link TELEMETRY_MAX_BYTES}).
 * - `GET /close-requests` → 200 {@link CloseRequestsResponse};
 *   `POST /close-requests/ack` {@link CloseRequestsAck} → 204.
 * - Refusals: 401 {@link GatewayErrorBody} with a GatewayTokenRefusalCode (gateway-token.ts); a bad body 400.
 */

/** Path of the protocol under the portal's base URL. */
export const GATEWAY_API_BASE_PATH = "/api/gateway/v1";

/** Each endpoint's path under {@link GATEWAY_API_BASE_PATH}. */
export const GATEWAY_API_PATHS = {
  config: "/config",
  heartbeat: "/heartbeat",
  telemetry: "/telemetry",
  closeRequests: "/close-requests",
  closeRequestsAck: "/close-requests/ack",
} as const;

/** How long the portal holds `GET /config?revision=N` before answering 304 (overridable for tests). */
export const CONFIG_LONG_POLL_MS = 25_000;

/** An instance with no heartbeat for longer (four of GATEWAY_HEARTBEAT_MS's default 15 s) is shown as stale. */
export const GATEWAY_INSTANCE_STALE_MS = 60_000;

/** Most log rows plus minute rows one telemetry request may carry. */
export const TELEMETRY_MAX_ROWS = 5_000;

/** Most bytes one telemetry request body may have. */
export const TELEMETRY_MAX_BYTES = 5 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Bodies.
// ---------------------------------------------------------------------------------------------

/** The body of every refusal (401, 400, 413). */
export const gatewayErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type GatewayErrorBody = z.output<typeof gatewayErrorBodySchema>;

const count = z.number().int().nonnegative();

/** JSON text of an object whose values are counts (`{"101": 3}`): what SQLite's json_each sums. */
function jsonCountsText(maxLength: number) {
  return z
    .string()
    .max(maxLength)
    .refine(
      (text) => {
        try {
          const value: unknown = JSON.parse(text);
          return (
            typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((n) => Number.isInteger(n) && (n as number) >= 0)
          );
        } catch {
          return false;
        }
      },
      { message: 'must be JSON text of an object of counts, such as {"101": 3}' },
    );
}
const epochMs = z.number().int().nonnegative();
const id = z.string().min(1).max(200);

const configApiRowSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  path: z.string(),
  serviceUrl: z.string(),
  protocols: z.array(z.enum(["ws", "wss"])),
  subscriptionRequired: z.boolean(),
  subscriptionKeyHeaderName: z.string(),
  subscriptionKeyQueryName: z.string(),
}) satisfies z.ZodType<ConfigApiRow>;

const configSubscriptionRowSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  scope: z.string(),
  state: z.string(),
  ownerId: z.string().nullable(),
  ownerEmail: z.string().nullable(),
  primaryKeyHash: z.string(),
  secondaryKeyHash: z.string(),
}) satisfies z.ZodType<ConfigSubscriptionRow>;

/** {@link ConfigRows} on the wire: exactly what one gateway serves. */
export const configRowsSchema = z.object({
  revision: count,
  apis: z.array(configApiRowSchema),
  productApis: z.array(z.object({ productId: z.string(), apiId: z.string() })),
  products: z.array(z.object({ id: z.string(), displayName: z.string() })),
  policies: z.array(z.object({ scope: z.enum(["global", "product", "api"]), scopeId: z.string(), value: z.string() })),
  subscriptions: z.array(configSubscriptionRowSchema),
}) satisfies z.ZodType<ConfigRows>;

/** `GET /config`: the gateway's configuration. */
export const configResponseSchema = z.object({
  gatewayId: z.string(),
  /** The configuration revision these rows are (also `rows.revision`); send it back as `?revision=`. */
  revision: count,
  /**
   * Base64 HMAC key this gateway hashes presented subscription keys with (hex HMAC-SHA256, as
   * `hashSubscriptionKey`): the subscriptions' key hashes are made with it, never with the
   * instance's own key, so a gateway's cache file cannot find subscriptions elsewhere.
   */
  keyHashKey: z.string().min(1),
  rows: configRowsSchema,
});
export type ConfigResponse = z.output<typeof configResponseSchema>;

/** `GET /config?revision=N`: N is the revision the gateway already has. */
export const configQuerySchema = z.object({
  revision: z.coerce.number().int().nonnegative().optional(),
});

/** `POST /heartbeat`: one gateway instance (process; its workers count as one) is alive. */
export const heartbeatRequestSchema = z.object({
  /** Stable for the life of the process (a random UUID at start). */
  instanceId: id,
  host: z.string().max(255),
  version: z.string().max(100),
  /** The configuration revision it serves (0 before any). */
  revision: count,
  /** Open client connections over all workers. */
  connections: count,
  workers: z.number().int().positive(),
});
export type HeartbeatRequest = z.output<typeof heartbeatRequestSchema>;

/**
 * One gateway_logs row, named as gateway/telemetry/log-writer.ts's parameters name it; times
 * in epoch milliseconds. Sent again (same id) when the connection closes, to complete it.
 */
export const telemetryLogRowSchema = z.object({
  id,
  time: epochMs,
  /** Ignored by the portal: it files every row under the token's gateway. */
  gatewayId: z.string().max(200),
  apiId: z.string().nullable(),
  operationId: z.string().nullable(),
  productId: z.string().nullable(),
  subscriptionId: z.string().nullable(),
  userId: z.string().nullable(),
  callerIp: z.string().max(100),
  method: z.string().max(20),
  url: z.string().max(8192),
  responseCode: count,
  backendResponseCode: count.nullable(),
  backendUrl: z.string().max(8192).nullable(),
  totalTime: count,
  backendTime: count.nullable(),
  lastErrorReason: z.string().max(1000).nullable(),
  lastErrorMessage: z.string().max(4000).nullable(),
  lastErrorSource: z.string().max(1000).nullable(),
  traceId: z.string().max(200).nullable(),
  closedAt: epochMs.nullable(),
  durationMs: count.nullable(),
  closeCode: count.nullable(),
  closeReason: z.string().max(1000).nullable(),
  closedBy: z.enum(["client", "backend", "gateway"]).nullable(),
  messagesInbound: count,
  messagesOutbound: count,
  bytesInbound: count,
  bytesOutbound: count,
});
export type TelemetryLogRow = z.output<typeof telemetryLogRowSchema>;

/**
 * One metrics_minute delta, named as gateway/telemetry/minute-metrics.ts's upsert parameters:
 * added to the stored row as that upsert adds (counts summed, peak maxed, percentiles replaced).
 */
export const telemetryMinuteRowSchema = z.object({
  minute: count,
  /** Ignored by the portal: it files every row under the token's gateway. */
  gatewayId: z.string().max(200),
  apiId: z.string().max(200),
  succeeded: count,
  failed: count,
  /** JSON text `{"101": n, "401": n}`. */
  byCode: jsonCountsText(10_000),
  messagesInbound: count,
  messagesOutbound: count,
  bytesInbound: count,
  bytesOutbound: count,
  peak: count,
  active: count,
  p50: count.nullable(),
  p95: count.nullable(),
  p99: count.nullable(),
  /** JSON text `{"bucket index": count}` (gateway/telemetry/latency-histogram.ts). */
  histogram: jsonCountsText(100_000),
  logRowsDropped: count,
});
export type TelemetryMinuteRow = z.output<typeof telemetryMinuteRowSchema>;

/** `POST /telemetry`: a batch of log rows and minute deltas. */
export const telemetryRequestSchema = z
  .object({
    instanceId: id,
    logs: z.array(telemetryLogRowSchema).default([]),
    minutes: z.array(telemetryMinuteRowSchema).default([]),
  })
  .refine((body) => body.logs.length + body.minutes.length <= TELEMETRY_MAX_ROWS, {
    message: `A telemetry batch holds at most ${TELEMETRY_MAX_ROWS} rows (logs and minutes together).`,
  });
export type TelemetryRequest = z.output<typeof telemetryRequestSchema>;

/** One pending close request: close the connection whose log row id is `connectionId` with 1008 `reason`. */
export const closeRequestSchema = z.object({ id: z.string(), connectionId: z.string(), reason: z.string() });
export type CloseRequest = z.output<typeof closeRequestSchema>;

/** `GET /close-requests`: this gateway's pending requests, oldest first. */
export const closeRequestsResponseSchema = z.object({ requests: z.array(closeRequestSchema) });
export type CloseRequestsResponse = z.output<typeof closeRequestsResponseSchema>;

/** `POST /close-requests/ack`: what became of each request. */
export const closeRequestsAckSchema = z.object({
  results: z.array(z.object({ id, outcome: z.enum(["closed", "notFound"]) })).max(1_000),
});
export type CloseRequestsAck = z.output<typeof closeRequestsAckSchema>;
