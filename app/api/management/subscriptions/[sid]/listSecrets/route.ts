import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow } from "@/server/http/validation";
import { getKeySecrets } from "@/server/subscriptions/instance-secrets";
import { listSubscriptionSecrets } from "@/server/subscriptions/list-subscription-secrets";
import { subscriptionIdSchema } from "@/server/subscriptions/subscription.schemas";

/** POST /api/management/subscriptions/{sid}/listSecrets: the keys, to administrators and the owning developer. */
export const POST = withManagementAuth("/subscriptions/{sid}/listSecrets", "post", ({ params, db, principal }) => {
  const sid = parseOrThrow(subscriptionIdSchema, params.sid, "sid");
  return Response.json(listSubscriptionSecrets(db, getKeySecrets(), sid, principal));
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("/subscriptions/{sid}/listSecrets");
