import { PUBLISHER_ROLES } from "@/server/auth/roles";
import { methodNotAllowed, withManagementAuth, type RouteHandler } from "@/server/http/management-route";
import { parseOrThrow, readJsonObject } from "@/server/http/validation";
import { assertValidPolicyDocument } from "./assert-valid-policy-document";
import { deletePolicy } from "./delete-policy";
import { getPolicyOrThrow } from "./get-policy-or-throw";
import { policyPutBodySchema } from "./policy.schemas";
import type { PolicyTarget } from "./policy-target";
import { putPolicy } from "./put-policy";
import { toPolicyContract } from "./to-policy-contract";

type RouteParams = Record<string, string | string[] | undefined>;

/**
 * GET / PUT / DELETE of a `…/policies/policy` resource, the same at every scope; the route
 * file only says how its params name the target. Administrators and publishers only, reads
 * included: policy documents can hold secrets (authentication-basic, validate-jwt keys).
 */
export function policyRouteHandlers<P extends RouteParams>(targetOf: (params: P) => PolicyTarget) {
  const options = { roles: PUBLISHER_ROLES };
  const notAllowed = methodNotAllowed(["GET", "PUT", "DELETE"]) as RouteHandler<P>;
  return {
    GET: withManagementAuth<P>(({ params, db }) => {
      const target = targetOf(params);
      return Response.json(toPolicyContract(target, getPolicyOrThrow(db, target)));
    }, options),
    /** 201 when created, 200 when replaced. */
    PUT: withManagementAuth<P>(async ({ request, params, db }) => {
      const target = targetOf(params);
      const body = parseOrThrow(policyPutBodySchema, await readJsonObject(request));
      assertValidPolicyDocument(target, body.properties.value);
      const { policy, created } = putPolicy(db, target, body.properties);
      return Response.json(toPolicyContract(target, policy), { status: created ? 201 : 200 });
    }, options),
    /** 200 when deleted, 204 when there was none. */
    DELETE: withManagementAuth<P>(({ params, db }) => new Response(null, { status: deletePolicy(db, targetOf(params)) ? 200 : 204 }), options),
    POST: notAllowed,
    PATCH: notAllowed,
  };
}
