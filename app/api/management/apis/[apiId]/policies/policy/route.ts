import { apiIdSchema } from "@/server/apis/api.schemas";
import { parseOrThrow } from "@/server/http/validation";
import { policyRouteHandlers } from "@/server/policies/policy-route-handlers";

/** GET / PUT / DELETE /api/management/apis/{apiId}/policies/policy: the API's onHandshake policy. */
const handlers = policyRouteHandlers<{ apiId: string }>("/apis/{apiId}/policies/policy", (params) => ({ scope: "api", id: parseOrThrow(apiIdSchema, params.apiId, "apiId") }));

export const GET = handlers.GET;
export const PUT = handlers.PUT;
export const DELETE = handlers.DELETE;
export const POST = handlers.POST;
export const PATCH = handlers.PATCH;
