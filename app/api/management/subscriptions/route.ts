import { methodsNotAllowed, withManagementAuth } from "@/server/http/management-route";
import { toPage } from "@/server/http/pagination";
import { parseOrThrow, queryObject } from "@/server/http/validation";
import { listSubscriptions } from "@/server/subscriptions/list-subscriptions";
import { subscriptionListQuerySchema } from "@/server/subscriptions/subscription.schemas";
import { toSubscriptionContract } from "@/server/subscriptions/to-subscription-contract";

/** GET /api/management/subscriptions?state=&scope=&ownerId=&$top=&$skip= — a developer sees their own only. */
export const GET = withManagementAuth("/subscriptions", "get", ({ request, db, principal }) => {
  const query = parseOrThrow(subscriptionListQuerySchema, queryObject(request));
  const { items, count } = listSubscriptions(db, query, principal);
  return Response.json(toPage(request, items.map(toSubscriptionContract), count, query));
});

// Subscriptions are created with PUT /subscriptions/{sid}, as in Azure API Management.
export const { PUT, PATCH, POST, DELETE } = methodsNotAllowed("/subscriptions");
