import { z } from "zod";
import { pageQuerySchema } from "@/server/http/pagination";
import { checkTimeRange, timeRangeQueryShape } from "@/server/http/time-range.schemas";

/** The longest window one metrics query may span: a week of minutes. */
export const MAX_METRICS_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** The window when none is given: the last hour. */
export const DEFAULT_METRICS_WINDOW_MS = 60 * 60 * 1000;

/** The intervals a metrics query may sum minutes into (ISO 8601 durations, as APIM's reports take them), in minutes. */
export const METRICS_INTERVALS = { PT1M: 1, PT5M: 5, PT15M: 15, PT30M: 30, PT1H: 60, PT6H: 360, P1D: 1440 } as const;
export type MetricsInterval = keyof typeof METRICS_INTERVALS;

/** `from` / `to` / `apiId` / `gatewayId`, shared by the metrics and the reports. */
export const metricsFilterShape = {
  apiId: z.string().min(1, "must not be empty").optional(),
  gatewayId: z.string().min(1, "must not be empty").optional(),
  ...timeRangeQueryShape,
};

/** Refuses a window longer than 7 days (`from` defaults to an hour before `to`, `to` to now). */
export function checkMetricsWindow(value: { from?: string; to?: string }, ctx: z.core.$RefinementCtx): void {
  const to = value.to ? Date.parse(value.to) : Date.now();
  const from = value.from ? Date.parse(value.from) : to - DEFAULT_METRICS_WINDOW_MS;
  if (to - from > MAX_METRICS_WINDOW_MS) ctx.addIssue({ code: "custom", path: ["from"], message: "must be at most 7 days before to" });
}

/** GET /metrics: per-minute counters summed over gateways (and APIs unless one is asked for), per interval. */
export const metricsQuerySchema = pageQuerySchema
  .extend({
    ...metricsFilterShape,
    responseCode: z.coerce
      .number()
      .int("must be an integer")
      .min(100)
      .max(599)
      .optional()
      .describe("Count only the connection attempts answered with this status (101 for accepted handshakes)."),
    interval: z
      .enum(Object.keys(METRICS_INTERVALS) as [MetricsInterval, ...MetricsInterval[]], { error: `must be one of ${Object.keys(METRICS_INTERVALS).join(", ")}` })
      .default("PT1M")
      .describe("Length of each point: minutes are summed into intervals aligned to the epoch (UTC)."),
  })
  .superRefine(checkTimeRange)
  .superRefine(checkMetricsWindow);
export type MetricsQuery = z.output<typeof metricsQuerySchema>;

/** One interval of traffic. */
export const metricsMinuteContractSchema = z.object({
  time: z.string().describe("Start of the interval, ISO 8601."),
  attempts: z.number().int().describe("Connection attempts (only those with `responseCode` when it is given)."),
  attemptsSucceeded: z.number().int(),
  attemptsFailed: z.number().int(),
  attemptsByCode: z.record(z.string(), z.number().int()).describe('{"101": n, "401": n, …}'),
  messagesInbound: z.number().int().describe("Client → backend."),
  messagesOutbound: z.number().int(),
  bytesInbound: z.number().int(),
  bytesOutbound: z.number().int(),
  activeConnections: z.number().int().describe("Open connections at the end of the interval's last minute with traffic."),
  activeConnectionsPeak: z.number().int().describe("Most connections open at once in any minute of the interval."),
  handshakeP50Ms: z.number().nullable().describe("Median handshake latency (all attempts), milliseconds; null without attempts."),
  handshakeP95Ms: z.number().nullable(),
  handshakeP99Ms: z.number().nullable(),
  logRowsDropped: z.number().int().describe("Log rows the gateways dropped because their log queue was full."),
});
export type MetricsMinuteContract = z.output<typeof metricsMinuteContractSchema>;
