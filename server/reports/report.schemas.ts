import { z } from "zod";
import { pageQuerySchema } from "@/server/http/pagination";
import { checkTimeRange } from "@/server/http/time-range.schemas";
import { checkMetricsWindow, metricsFilterShape } from "@/server/metrics/metrics.schemas";

/** GET /reports/byApi and /reports/byFailureReason: one window (default the last hour, at most 7 days), optionally one API or gateway. */
export const reportQuerySchema = pageQuerySchema.extend(metricsFilterShape).superRefine(checkTimeRange).superRefine(checkMetricsWindow);
export type ReportQuery = z.output<typeof reportQuerySchema>;

/** One API's traffic over the window (from the per-minute metrics), busiest first. */
export const apiReportContractSchema = z.object({
  apiId: z.string().nullable().describe("null: attempts that matched no API (404)."),
  attempts: z.number().int(),
  attemptsSucceeded: z.number().int().describe("Answered 101."),
  attempts4xx: z.number().int(),
  attempts5xx: z.number().int(),
  messagesInbound: z.number().int(),
  messagesOutbound: z.number().int(),
  bytesInbound: z.number().int(),
  bytesOutbound: z.number().int(),
});
export type ApiReportContract = z.output<typeof apiReportContractSchema>;

/** One reason handshakes were refused or failed over the window (from the gateway logs), commonest first. */
export const failureReasonReportContractSchema = z.object({
  reason: z.string().describe("The log's lastErrorReason (e.g. SubscriptionKeyNotFound); `Unknown` when none was recorded."),
  responseCode: z.number().int(),
  count: z.number().int(),
  lastSeen: z.string().describe("ISO 8601 time of the newest such attempt."),
  lastMessage: z.string().nullable().describe("lastErrorMessage of the newest such attempt."),
});
export type FailureReasonReportContract = z.output<typeof failureReasonReportContractSchema>;
