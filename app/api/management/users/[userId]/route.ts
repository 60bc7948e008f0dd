import { closeConnectionsAsked } from "@/server/connections/close-open-connections";
import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow, queryObject, readJsonObject } from "@/server/http/validation";
import { deleteUser } from "@/server/users/delete-user";
import { getUserOrThrow } from "@/server/users/get-user-or-throw";
import { patchUser } from "@/server/users/patch-user";
import { putUser } from "@/server/users/put-user";
import { toUserContract } from "@/server/users/to-user-contract";
import { userDeleteQuerySchema, userIdSchema, userPatchBodySchema, userPutBodySchema } from "@/server/users/user.schemas";

/** GET /api/management/users/{userId}: never the password. */
export const GET = withManagementAuth("/users/{userId}", "get", ({ params, db }) => {
  const userId = parseOrThrow(userIdSchema, params.userId, "userId");
  return Response.json(toUserContract(getUserOrThrow(db, userId)));
});

/** PUT /api/management/users/{userId}: 201 when created, 200 when replaced; 409 for an email in use. */
export const PUT = withManagementAuth("/users/{userId}", "put", async ({ request, params, db }) => {
  const userId = parseOrThrow(userIdSchema, params.userId, "userId");
  const body = parseOrThrow(userPutBodySchema, await readJsonObject(request));
  const { user, created } = await putUser(db, userId, body.properties);
  return Response.json(toUserContract(user), { status: created ? 201 : 200 });
});

/** PATCH /api/management/users/{userId}: merges the given properties. */
export const PATCH = withManagementAuth("/users/{userId}", "patch", async ({ request, params, db }) => {
  const userId = parseOrThrow(userIdSchema, params.userId, "userId");
  const body = parseOrThrow(userPatchBodySchema, await readJsonObject(request));
  return Response.json(toUserContract(await patchUser(db, userId, body.properties)));
});

/** DELETE /api/management/users/{userId}[?deleteSubscriptions=true[&closeConnections=true]]: 200 when deleted, 204 when there was none. */
export const DELETE = withManagementAuth("/users/{userId}", "delete", ({ request, params, db, principal }) => {
  const userId = parseOrThrow(userIdSchema, params.userId, "userId");
  const query = parseOrThrow(userDeleteQuerySchema, queryObject(request));
  const closeConnections = closeConnectionsAsked(query, principal);
  const deleted = deleteUser(db, userId, { deleteSubscriptions: query.deleteSubscriptions === "true", closeConnections });
  return new Response(null, { status: deleted ? 200 : 204 });
});

export const { POST } = methodsNotAllowed("/users/{userId}");
