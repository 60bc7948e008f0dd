import { listGroups } from "@/server/groups/list-groups";
import { toGroupContract } from "@/server/groups/to-group-contract";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";

/** GET /api/management/groups — administrators only. */
export const GET = withManagementAuth("/groups", "get", ({ request, db }) => {
  const query = parseOrThrow(pageQuerySchema, queryObject(request));
  const { items, count } = listGroups(db, { top: query.$top, skip: query.$skip });
  return Response.json(toPage(request, items.map(toGroupContract), count, query));
});

// Groups are created with PUT /groups/{groupId}.
export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/groups");
