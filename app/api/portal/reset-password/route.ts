import { getDb } from "@/server/db";
import { errorResponse, ForbiddenError } from "@/server/http/errors";
import { isSameOriginRequest } from "@/server/http/same-origin";
import { readJsonObject } from "@/server/http/validation";
import { parseFormBody } from "@/server/passwords/parse-form-body";
import { resetPasswordBodySchema } from "@/server/passwords/password.schemas";
import { resetPasswordWithLink } from "@/server/passwords/reset-password-with-link";

/**
 * POST /api/portal/reset-password `{token, password}` — the reset link's page sets the user's
 * password: 200 `{email}` (the page then offers to sign in), 400 with the password rule's
 * message, 404 for a link that is unknown, used or expired. Same-origin only. No session: the
 * link is the credential.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    if (!isSameOriginRequest(request)) {
      throw new ForbiddenError("Cross-site request refused: choose your password on the portal's own page (same-origin Origin header).");
    }
    const body = parseFormBody(resetPasswordBodySchema, await readJsonObject(request));
    return Response.json(await resetPasswordWithLink(getDb(), body.token, body.password), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
