import { errorResponse, ForbiddenError, ValidationError } from "@/server/http/errors";
import { clientAddress } from "@/server/http/forwarded-headers";
import { isSameOriginRequest } from "@/server/http/same-origin";
import { readJsonObject } from "@/server/http/validation";
import { getDb } from "@/server/db";
import { signUpDeveloper } from "@/server/users/sign-up-developer";
import { signUpBodySchema, type SignUpBody } from "@/server/users/sign-up.schemas";

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
    const body = parseSignUp(await readJsonObject(request));
    const ip = clientAddress(request.headers);
    return Response.json(await signUpDeveloper(getDb(), body, ip), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}

/** The body, or a ValidationError whose details name each field with the sentence the form shows. */
function parseSignUp(input: Record<string, unknown>): SignUpBody {
  const result = signUpBodySchema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ target: issue.path.join(".") || "body", message: issue.message }));
  throw new ValidationError(details.map((d) => d.message).join(" "), { details });
}
