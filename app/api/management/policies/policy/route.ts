import { policyRouteHandlers } from "@/server/policies/policy-route-handlers";

/** GET / PUT / DELETE /api/management/policies/policy: the global policy, which every API inherits through <base/>. */
const handlers = policyRouteHandlers<Record<string, never>>("/policies/policy", () => ({ scope: "global" }));

export const GET = handlers.GET;
export const PUT = handlers.PUT;
export const DELETE = handlers.DELETE;
export const POST = handlers.POST;
export const PATCH = handlers.PATCH;
