import { z } from "zod";
import { isoDateTimeSchema } from "./resource.schemas";

/** `from` / `to` query filters: ISO 8601 date-times, `from` inclusive, `to` exclusive. */
export const timeRangeQueryShape = {
  from: isoDateTimeSchema.optional().describe("Inclusive start, ISO 8601 (`2025-01-31T12:00:00Z`)."),
  to: isoDateTimeSchema.optional().describe("Exclusive end, ISO 8601."),
};

/** Adds the "from before to" rule to a query schema that has `timeRangeQueryShape`. */
export function checkTimeRange(value: { from?: string; to?: string }, ctx: z.core.$RefinementCtx): void {
  if (value.from && value.to && Date.parse(value.from) >= Date.parse(value.to)) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "must be later than from" });
  }
}
