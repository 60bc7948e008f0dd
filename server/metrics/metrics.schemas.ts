import { z } from "zod";
import { checkTimeRange, timeRangeQueryShape } from "@/server/http/time-range.schemas";

/** The longest window one metrics query may span: a week of minutes. */
export const MAX_METRICS_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** The window when none is given: the last hour. */
export const DEFAULT_METRICS_WINDOW_MS = 60 * 60 * 1000;

/** GET /metrics: per-minute counters summed over gateways (and APIs unless one is asked for). */
export const metricsQuerySchema = z
  .object({
    apiId: z.string().min(1, "must not be empty").optional(),
    gatewayId: z.string().min(1, "must not be empty").optional(),
    responseCode: z.coerce
      .number()
      .int("must be an integer")
      .min(100)
      .max(599)
      .optional()
      .describe("Count only the connection attempts answered with this status (101 for accepted handshakes)."),
    ...timeRangeQueryShape,
  })
  .superRefine(checkTimeRange)
  .superRefine((value, ctx) => {
    const to = value.to ? Date.parse(value.to) : Date.now();
    const from = value.from ? Date.parse(value.from) : to - DEFAULT_METRICS_WINDOW_MS;
    if (to - from > MAX_METRICS_WINDOW_MS) ctx.addIssue({ code: "custom", path: ["from"], message: "must be at most 7 days before to" });
  });
export type MetricsQuery = z.output<typeof metricsQuerySchema>;

/** One minute of traffic. */
export const metricsMinuteContractSchema = z.object({
  time: z.string().describe("Start of the minute, ISO 8601."),
  attempts: z.number().int().describe("Connection attempts (only those with `responseCode` when it is given)."),
  attemptsSucceeded: z.number().int(),
  attemptsFailed: z.number().int(),
  attemptsByCode: z.record(z.string(), z.number().int()).describe('{"101": n, "401": n, …}'),
  messagesInbound: z.number().int().describe("Client → backend."),
  messagesOutbound: z.number().int(),
  bytesInbound: z.number().int(),
  bytesOutbound: z.number().int(),
  activeConnections: z.number().int().describe("Open connections at the end of the minute."),
});
export type MetricsMinuteContract = z.output<typeof metricsMinuteContractSchema>;
