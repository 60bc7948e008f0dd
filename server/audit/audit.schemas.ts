import "server-only";
import { z } from "zod";
import { AUDIT_ACTIONS } from "./audit-actions";
import { AUDIT_ACTOR_KINDS } from "@/db/schema/index";
import { pageQuerySchema } from "@/server/http/pagination";
import { checkTimeRange, timeRangeQueryShape } from "@/server/http/time-range.schemas";


/** GET /auditLogs: administrators read who changed what, newest first. */
export const auditLogQuerySchema = pageQuerySchema
  .extend({
    resource: z
      .string()
      .regex(/^\/\S*$/, "must be a resource id such as /apis/echo")
      .overwrite((value) => value.replace(/(.)\/+$/, "$1"))
      .optional()
      .describe("A resource id; entries for it and everything under it (`/apis/echo` matches `/apis/echo/policies/policy`)."),
    actor: z.string().min(1, "must not be empty").optional().describe("The acting token's or user's id."),
    actorLabel: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(200)
      .optional()
      .describe("Part of the actor as shown (a user's email, a token's name), any case: `dev@example.com` finds the user and their tokens."),
    action: z.enum(AUDIT_ACTIONS).optional().describe("One action, such as update or listSecrets."),
    ...timeRangeQueryShape,
  })
  .superRefine(checkTimeRange);
export type AuditLogQuery = z.output<typeof auditLogQuerySchema>;

/** One audit entry as the management API returns it. */
export const auditEntryContractSchema = z.object({
  id: z.string().describe("`/auditLogs/{entryId}`"),
  name: z.string(),
  properties: z.object({
    time: z.string(),
    actor: z.object({ kind: z.enum(AUDIT_ACTOR_KINDS), id: z.string().nullable(), label: z.string() }),
    action: z.string(),
    resource: z.string(),
    before: z.unknown().describe("The resource before the change (secrets redacted); null for a create."),
    after: z.unknown().describe("The resource after the change (secrets redacted); null for a delete."),
  }),
});
export type AuditEntryContract = z.output<typeof auditEntryContractSchema>;
