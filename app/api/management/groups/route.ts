import { ADMINISTRATOR_ROLES } from "@/server/auth/roles";
import { listGroups } from "@/server/groups/list-groups";
import { toGroupContract } from "@/server/groups/to-group-contract";
import { methodNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";

/** GET /api/management/groups — administrators only. */
export const GET = withManagementAuth(
  ({ request, db }) => {
    const query = parseOrThrow(pageQuerySchema, queryObject(request));
    const { items, count } = listGroups(db, { top: query.$top, skip: query.$skip });
    return Response.json(toPage(request, items.map(toGroupContract), count, query));
  },
  { roles: ADMINISTRATOR_ROLES },
);

// Groups are created with PUT /groups/{groupId}.
export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
