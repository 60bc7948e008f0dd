import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow } from "@/server/http/validation";
import { createPasswordResetLink } from "@/server/passwords/create-password-reset-link";
import { userIdSchema } from "@/server/users/user.schemas";

/**
 * POST /api/management/users/{userId}/createPasswordResetLink → `{url, expirationDate}`: a
 * one-time link for the user to choose a password, valid 24 hours, shown only in this answer
 * (administrators only). A new link replaces the user's earlier unused one.
 */
export const POST = withManagementAuth("/users/{userId}/createPasswordResetLink", "post", ({ request, params, db }) => {
  const userId = parseOrThrow(userIdSchema, params.userId, "userId");
  const origin = process.env.NEXTAUTH_URL ? new URL(process.env.NEXTAUTH_URL).origin : new URL(request.url).origin;
  return Response.json(createPasswordResetLink(db, userId, origin), { headers: { "Cache-Control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("/users/{userId}/createPasswordResetLink");
