import { authenticateSessionRequest } from "@/server/auth/session-token";
import { getDb } from "@/server/db";
import { errorResponse, ForbiddenError, UnauthorizedError } from "@/server/http/errors";
import { isSameOriginRequest } from "@/server/http/same-origin";
import { readJsonObject } from "@/server/http/validation";
import { changeOwnPassword } from "@/server/passwords/change-own-password";
import { parseFormBody } from "@/server/passwords/parse-form-body";
import { changePasswordBodySchema } from "@/server/passwords/password.schemas";

/**
 * POST /api/portal/profile/password `{currentPassword, newPassword}` — the signed-in user (any
 * role, portal session only) changes their own password: 204, then every session of theirs has
 * ended, this one included. 400 naming the field for a wrong current or a refused new password.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const db = getDb();
    const principal = await authenticateSessionRequest(db, request);
    if (!principal?.userId) throw new UnauthorizedError("Sign in to change your password.");
    if (!isSameOriginRequest(request)) {
      throw new ForbiddenError("Cross-site request refused: change your password on the portal's own profile page (same-origin Origin header).");
    }
    const body = parseFormBody(changePasswordBodySchema, await readJsonObject(request));
    await changeOwnPassword(db, principal.userId, body);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
