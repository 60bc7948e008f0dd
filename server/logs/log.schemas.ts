import { z } from "zod";
import { pageQuerySchema } from "@/server/http/pagination";
import { checkTimeRange, timeRangeQueryShape } from "@/server/http/time-range.schemas";

/** GET /logs: gateway log rows (one per handshake attempt, DESIGN.md §5), newest first. */
export const logQuerySchema = pageQuerySchema
  .extend({
    apiId: z.string().min(1, "must not be empty").optional(),
    gatewayId: z.string().min(1, "must not be empty").optional(),
    subscriptionId: z.string().min(1, "must not be empty").optional(),
    callerIp: z.string().min(1, "must not be empty").optional(),
    responseCode: z.coerce.number().int("must be an integer").min(100).max(599).optional(),
    lastErrorReason: z.string().min(1, "must not be empty").optional().describe("e.g. SubscriptionKeyNotFound, BackendRefused."),
    ...timeRangeQueryShape,
  })
  .superRefine(checkTimeRange);
export type LogQuery = z.output<typeof logQuerySchema>;

const closedBy = z.enum(["client", "backend", "gateway"]);

/** One gateway log row: APIM's ApiManagementGatewayLogs columns where they apply, plus the connection's close. */
export const gatewayLogContractSchema = z.object({
  id: z.string(),
  time: z.string(),
  gatewayId: z.string(),
  apiId: z.string().nullable(),
  operationId: z.string().nullable(),
  productId: z.string().nullable(),
  subscriptionId: z.string().nullable(),
  userId: z.string().nullable(),
  callerIp: z.string(),
  method: z.string(),
  url: z.string().describe("Secrets (subscription keys, tokens) redacted by the gateway."),
  responseCode: z.number().int(),
  backendResponseCode: z.number().int().nullable(),
  backendUrl: z.string().nullable(),
  totalTime: z.number().int().describe("Milliseconds."),
  backendTime: z.number().int().nullable().describe("Milliseconds."),
  lastErrorReason: z.string().nullable(),
  lastErrorMessage: z.string().nullable(),
  lastErrorSource: z.string().nullable(),
  traceId: z.string().nullable(),
  closedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  closeCode: z.number().int().nullable(),
  closeReason: z.string().nullable(),
  closedBy: closedBy.nullable(),
  messagesInbound: z.number().int(),
  messagesOutbound: z.number().int(),
  bytesInbound: z.number().int(),
  bytesOutbound: z.number().int(),
  apiName: z.string().nullable().describe("The API's display name (null: no API, or deleted since)."),
  productName: z.string().nullable().describe("The product's display name."),
  subscriptionName: z.string().nullable().describe("The subscription's display name."),
  userEmail: z.string().nullable().describe("The subscription owner's email."),
});
export type GatewayLogContract = z.output<typeof gatewayLogContractSchema>;
