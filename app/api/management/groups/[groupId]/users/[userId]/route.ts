import { addGroupUser } from "@/server/groups/add-group-user";
import { groupIdSchema } from "@/server/groups/group.schemas";
import { removeGroupUser } from "@/server/groups/remove-group-user";
import { linkRouteHandlers } from "@/server/http/link-route";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { toUserContract } from "@/server/users/to-user-contract";
import { userIdSchema } from "@/server/users/user.schemas";

const handlers = linkRouteHandlers({ groupId: groupIdSchema, userId: userIdSchema }, {
  link: (db, { groupId, userId }) => {
    const { user, created } = addGroupUser(db, groupId, userId);
    return { contract: toUserContract(user), created };
  },
  unlink: (db, { groupId, userId }) => removeGroupUser(db, groupId, userId),
});

/** PUT /api/management/groups/{groupId}/users/{userId}: 201 when added, 200 when already a member. */
export const PUT = withManagementAuth("/groups/{groupId}/users/{userId}", "put", handlers.put);

/** DELETE /api/management/groups/{groupId}/users/{userId}: 200 when removed, 204 when not a member. */
export const DELETE = withManagementAuth("/groups/{groupId}/users/{userId}", "delete", handlers.delete);

export const { GET, PATCH, POST } = methodsNotAllowed("/groups/{groupId}/users/{userId}");
