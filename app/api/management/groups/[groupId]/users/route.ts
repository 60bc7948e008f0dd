import { groupIdSchema } from "@/server/groups/group.schemas";
import { listGroupUsers } from "@/server/groups/list-group-users";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";
import { toUserContract } from "@/server/users/to-user-contract";

/** GET /api/management/groups/{groupId}/users: the group's members. */
export const GET = withManagementAuth("/groups/{groupId}/users", "get", ({ request, params, db }) => {
  const groupId = parseOrThrow(groupIdSchema, params.groupId, "groupId");
  const query = parseOrThrow(pageQuerySchema, queryObject(request));
  const { items, count } = listGroupUsers(db, groupId, { top: query.$top, skip: query.$skip });
  return Response.json(toPage(request, items.map(toUserContract), count, query));
});

// Members are added with PUT /groups/{groupId}/users/{userId}.
export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/groups/{groupId}/users");
