import { auditLogQuerySchema } from "@/server/audit/audit.schemas";
import { listAuditLog } from "@/server/audit/list-audit-log";
import { ADMINISTRATOR_ROLES } from "@/server/auth/roles";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";

/** GET /api/management/auditLogs?resource=&actor=&from=&to=&$top=&$skip= — newest first, administrators only. */
export const GET = withManagementAuth(
  ({ request, db }) => {
    const query = parseOrThrow(auditLogQuerySchema, queryObject(request));
    const { items, count } = listAuditLog(db, query);
    return Response.json(toPage(request, items, count, query));
  },
  { roles: ADMINISTRATOR_ROLES },
);

// The audit log is written by the changes themselves, never through the API.
export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
