import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow, readJsonObject } from "@/server/http/validation";
import { deleteSubscription } from "@/server/subscriptions/delete-subscription";
import { getSubscriptionOrThrow } from "@/server/subscriptions/get-subscription-or-throw";
import { getKeySecrets } from "@/server/subscriptions/instance-secrets";
import { patchSubscription } from "@/server/subscriptions/patch-subscription";
import { putSubscription } from "@/server/subscriptions/put-subscription";
import {
  subscriptionIdSchema,
  subscriptionPatchBodySchema,
  subscriptionPutBodySchema,
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

/** PATCH /api/management/subscriptions/{sid}: rename, comment, or change state (422 for an impossible transition). */
export const PATCH = withManagementAuth("/subscriptions/{sid}", "patch", async ({ request, params, db, principal }) => {
  const sid = parseOrThrow(subscriptionIdSchema, params.sid, "sid");
  const body = parseOrThrow(subscriptionPatchBodySchema, await readJsonObject(request));
  return Response.json(toSubscriptionContract(patchSubscription(db, sid, body.properties, principal)));
});

/** DELETE /api/management/subscriptions/{sid}: 200 when deleted, 204 when there was none. Developers cancel instead. */
export const DELETE = withManagementAuth("/subscriptions/{sid}", "delete", ({ params, db }) => {
  const sid = parseOrThrow(subscriptionIdSchema, params.sid, "sid");
  return new Response(null, { status: deleteSubscription(db, sid) ? 200 : 204 });
});

export const { POST } = methodsNotAllowed("/subscriptions/{sid}");
