import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { pageQuerySchema, toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";
import { listUsers } from "@/server/users/list-users";
import { toUserContract } from "@/server/users/to-user-contract";

/** GET /api/management/users — administrators only (users carry personal data). */
export const GET = withManagementAuth("/users", "get", ({ request, db }) => {
  const query = parseOrThrow(pageQuerySchema, queryObject(request));
  const { items, count } = listUsers(db, { top: query.$top, skip: query.$skip });
  return Response.json(toPage(request, items.map(toUserContract), count, query));
});

// Users are created with PUT /users/{userId}, as in Azure API Management.
export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/users");
