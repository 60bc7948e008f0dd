import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { closeConnectionsAsked } from "@/server/connections/close-open-connections";
import { parseOrThrow, queryObject, readJsonObject } from "@/server/http/validation";
import { deleteSubscription } from "@/server/subscriptions/delete-subscription";
import { getSubscriptionOrThrow } from "@/server/subscriptions/get-subscription-or-throw";
import { getKeySecrets } from "@/server/subscriptions/instance-secrets";
import { patchSubscription } from "@/server/subscriptions/patch-subscription";
import { putSubscription } from "@/server/subscriptions/put-subscription";
import {
  subscriptionIdSchema,
  subscriptionPatchBodySchema,
  subscriptionPutBodySchema,
  subscriptionRevokeQuerySchema,
} from "@/server/subscriptions/subscription.schemas";
import { toSubscriptionContract } from "@/server/subscriptions/to-subscription-contract";

// The route table lets developers in; which subscriptions a developer may read, create (for
// themselves, on a published product), rename and cancel is up to the operations, which
// know the stored subscription.

/** GET /api/management/subscriptions/{sid}: never the keys (see listSecrets). */
export const GET = withManagementAuth("/subscriptions/{sid}", "get", ({ params, db, principal }) => {
  const sid = parseOrThrow(subscriptionIdSchema, params.sid, "sid");
  return Response.json(toSubscriptionContract(getSubscriptionOrThrow(db, sid, principal)));
});

/** PUT /api/management/subscriptions/{sid}: 201 when created, 200 when replaced. */
export const PUT = withManagementAuth("/subscriptions/{sid}", "put", async ({ request, params, db, principal }) => {
  const sid = parseOrThrow(subscriptionIdSchema, params.sid, "sid");
  const body = parseOrThrow(subscriptionPutBodySchema, await readJsonObject(request));
  const { subscription, created } = putSubscription(db, getKeySecrets(), sid, body.properties, principal);
  return Response.json(toSubscriptionContract(subscription), { status: created ? 201 : 200 });
});

/**
 * PATCH /api/management/subscriptions/{sid}[?closeConnections=true]: rename, comment, or change
 * state (422 for an impossible transition). With closeConnections, a subscription that is no
 * longer active has its open connections closed (1008); a developer cancelling their own may ask too.
 */
export const PATCH = withManagementAuth("/subscriptions/{sid}", "patch", async ({ request, params, db, principal }) => {
  const sid = parseOrThrow(subscriptionIdSchema, params.sid, "sid");
  const query = parseOrThrow(subscriptionRevokeQuerySchema, queryObject(request));
  const body = parseOrThrow(subscriptionPatchBodySchema, await readJsonObject(request));
  const closeConnections = closeConnectionsAsked(query, principal);
  return Response.json(toSubscriptionContract(patchSubscription(db, sid, body.properties, principal, { closeConnections })));
});

/** DELETE /api/management/subscriptions/{sid}[?closeConnections=true]: 200 when deleted, 204 when there was none. Developers cancel instead. */
export const DELETE = withManagementAuth("/subscriptions/{sid}", "delete", ({ request, params, db, principal }) => {
  const sid = parseOrThrow(subscriptionIdSchema, params.sid, "sid");
  const query = parseOrThrow(subscriptionRevokeQuerySchema, queryObject(request));
  const closeConnections = closeConnectionsAsked(query, principal);
  return new Response(null, { status: deleteSubscription(db, sid, { closeConnections }) ? 200 : 204 });
});

export const { POST } = methodsNotAllowed("/subscriptions/{sid}");
