import { deleteGroup } from "@/server/groups/delete-group";
import { getGroupOrThrow } from "@/server/groups/get-group-or-throw";
import { groupIdSchema, groupPatchBodySchema, groupPutBodySchema } from "@/server/groups/group.schemas";
import { patchGroup } from "@/server/groups/patch-group";
import { putGroup } from "@/server/groups/put-group";
import { toGroupContract } from "@/server/groups/to-group-contract";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow, readJsonObject } from "@/server/http/validation";

/** GET /api/management/groups/{groupId} */
export const GET = withManagementAuth("/groups/{groupId}", "get", ({ params, db }) => {
  const groupId = parseOrThrow(groupIdSchema, params.groupId, "groupId");
  return Response.json(toGroupContract(getGroupOrThrow(db, groupId)));
});

/** PUT /api/management/groups/{groupId}: 201 when created, 200 when replaced. */
export const PUT = withManagementAuth("/groups/{groupId}", "put", async ({ request, params, db }) => {
  const groupId = parseOrThrow(groupIdSchema, params.groupId, "groupId");
  const body = parseOrThrow(groupPutBodySchema, await readJsonObject(request));
  const { group, created } = putGroup(db, groupId, body.properties);
  return Response.json(toGroupContract(group), { status: created ? 201 : 200 });
});

/** PATCH /api/management/groups/{groupId}: merges the given properties. */
export const PATCH = withManagementAuth("/groups/{groupId}", "patch", async ({ request, params, db }) => {
  const groupId = parseOrThrow(groupIdSchema, params.groupId, "groupId");
  const body = parseOrThrow(groupPatchBodySchema, await readJsonObject(request));
  return Response.json(toGroupContract(patchGroup(db, groupId, body.properties)));
});

/** DELETE /api/management/groups/{groupId}: 200 when deleted, 204 when there was none. */
export const DELETE = withManagementAuth("/groups/{groupId}", "delete", ({ params, db }) => {
  const groupId = parseOrThrow(groupIdSchema, params.groupId, "groupId");
  return new Response(null, { status: deleteGroup(db, groupId) ? 200 : 204 });
});

export const { POST } = methodsNotAllowed("/groups/{groupId}");
