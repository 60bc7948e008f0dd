import { addGroupUser } from "@/server/groups/add-group-user";
import { groupIdSchema } from "@/server/groups/group.schemas";
import { removeGroupUser } from "@/server/groups/remove-group-user";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow } from "@/server/http/validation";
import { toUserContract } from "@/server/users/to-user-contract";
import { userIdSchema } from "@/server/users/user.schemas";

type Params = { groupId: string; userId: string };

function parseParams(params: Params) {
  return { groupId: parseOrThrow(groupIdSchema, params.groupId, "groupId"), userId: parseOrThrow(userIdSchema, params.userId, "userId") };
}

/** PUT /api/management/groups/{groupId}/users/{userId}: 201 when added, 200 when already a member. */
export const PUT = withManagementAuth("/groups/{groupId}/users/{userId}", "put", ({ params, db }) => {
  const { groupId, userId } = parseParams(params);
  const { user, created } = addGroupUser(db, groupId, userId);
  return Response.json(toUserContract(user), { status: created ? 201 : 200 });
});

/** DELETE /api/management/groups/{groupId}/users/{userId}: 200 when removed, 204 when not a member. */
export const DELETE = withManagementAuth("/groups/{groupId}/users/{userId}", "delete", ({ params, db }) => {
  const { groupId, userId } = parseParams(params);
  return new Response(null, { status: removeGroupUser(db, groupId, userId) ? 200 : 204 });
});

export const { GET, PATCH, POST } = methodsNotAllowed("/groups/{groupId}/users/{userId}");
