import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { parseOrThrow } from "@/server/http/validation";
import { getKeySecrets } from "@/server/subscriptions/instance-secrets";
import { regenerateSubscriptionKey } from "@/server/subscriptions/regenerate-subscription-key";
import { subscriptionIdSchema } from "@/server/subscriptions/subscription.schemas";

/** POST /api/management/subscriptions/{sid}/regeneratePrimaryKey: 204; administrators and the owning developer. */
export const POST = withManagementAuth("/subscriptions/{sid}/regeneratePrimaryKey", "post", ({ params, db, principal }) => {
  const sid = parseOrThrow(subscriptionIdSchema, params.sid, "sid");
  regenerateSubscriptionKey(db, getKeySecrets(), sid, "primary", principal);
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("/subscriptions/{sid}/regeneratePrimaryKey");
