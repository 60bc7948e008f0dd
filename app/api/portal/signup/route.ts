import { errorResponse, ForbiddenError } from "@/server/http/errors";
import { clientAddress } from "@/server/http/forwarded-headers";
import { isSameOriginRequest } from "@/server/http/same-origin";
import { readJsonObject } from "@/server/http/validation";
import { parseFormBody } from "@/server/passwords/parse-form-body";
import { getDb } from "@/server/db";
import { signUpDeveloper } from "@/server/users/sign-up-developer";
import { signUpBodySchema } from "@/server/users/sign-up.schemas";

/**
 * POST /api/portal/signup — the developer portal's sign-up: `{email, password, firstName,
 * lastName, acceptTerms: true}` → 201 with the new developer (the page then signs in with the
 * same credentials). Same-origin only: a form on another site must not create accounts here.
 * 400 with one detail per field, 409 email taken, 429 throttled (Retry-After).
 */
export async function POST(request: Request): Promise<Response> {
  try {
    if (!isSameOriginRequest(request)) {
      throw new ForbiddenError("Cross-site request refused: sign up from the developer portal itself (same-origin Origin header).");
    }
    const body = parseFormBody(signUpBodySchema, await readJsonObject(request));
    const ip = clientAddress(request.headers);
    return Response.json(await signUpDeveloper(getDb(), body, ip), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
