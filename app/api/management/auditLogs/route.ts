import { auditLogQuerySchema } from "@/server/audit/audit.schemas";
import { listAuditLog } from "@/server/audit/list-audit-log";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";

/** GET /api/management/auditLogs?resource=&actor=&from=&to=&$top=&$skip= — newest first, administrators only. */
export const GET = withManagementAuth("/auditLogs", "get", ({ request, db }) => {
  const query = parseOrThrow(auditLogQuerySchema, queryObject(request));
  const { items, count } = listAuditLog(db, query);
  return Response.json(toPage(request, items, count, query));
});

// The audit log is written by the changes themselves, never through the API.
export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/auditLogs");
