import { methodsNotAllowed, withManagementAuth, type RouteHandler } from "@/server/http/management-route";
import { parseOrThrow, readJsonObject } from "@/server/http/validation";
import { assertValidPolicyDocument } from "./assert-valid-policy-document";
import { deletePolicy } from "./delete-policy";
import { getPolicyOrThrow } from "./get-policy-or-throw";
import { policyPutBodySchema } from "./policy.schemas";
import type { PolicyTarget } from "./policy-target";
import { putPolicy } from "./put-policy";
import { toPolicyContract } from "./to-policy-contract";

type RouteParams = Record<string, string | string[] | undefined>;

/** The four `…/policies/policy` paths of the route table. */
type PolicyPath =
  | "/policies/policy"
  | "/apis/{apiId}/policies/policy"
  | "/apis/{apiId}/operations/onHandshake/policies/policy"
  | "/products/{productId}/policies/policy";

/**
 * GET / PUT / DELETE of a `…/policies/policy` resource, the same at every scope; the route
 * file only says its path and how its params name the target. The route table gives the roles
 * (administrators and publishers, reads included: policy documents can hold secrets).
 */
export function policyRouteHandlers<P extends RouteParams>(path: PolicyPath, targetOf: (params: P) => PolicyTarget) {
  const notAllowed = methodsNotAllowed(path);
  return {
    GET: withManagementAuth(path, "get", ({ params, db }) => {
      const target = targetOf(params as P);
      return Response.json(toPolicyContract(target, getPolicyOrThrow(db, target)));
    }),
    /** 201 when created, 200 when replaced. */
    PUT: withManagementAuth(path, "put", async ({ request, params, db }) => {
      const target = targetOf(params as P);
      const body = parseOrThrow(policyPutBodySchema, await readJsonObject(request));
      assertValidPolicyDocument(target, body.properties.value);
      const { policy, created } = putPolicy(db, target, body.properties);
      return Response.json(toPolicyContract(target, policy), { status: created ? 201 : 200 });
    }),
    /** 200 when deleted, 204 when there was none. */
    DELETE: withManagementAuth(path, "delete", ({ params, db }) => new Response(null, { status: deletePolicy(db, targetOf(params as P)) ? 200 : 204 })),
    POST: notAllowed.POST as RouteHandler<P>,
    PATCH: notAllowed.PATCH as RouteHandler<P>,
  };
}
