import "server-only";
import { eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { subscriptions } from "@/db/schema/index";
import type { Principal } from "@/server/auth/authenticate-api-token";
import { NotFoundError } from "@/server/http/errors";
import type { SubscriptionRow } from "./to-subscription-contract";

/**
 * The subscription with this id; throws NotFoundError when there is none, or when a
 * developer asks for one they do not own (they cannot tell the two apart).
 */
export function getSubscriptionOrThrow(
  db: DbExecutor,
  subscriptionId: string,
  requester?: Pick<Principal, "role" | "userId">,
): SubscriptionRow {
  const row = db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)).get();
  const hidden = requester?.role === "developer" && (requester.userId === null || row?.ownerId !== requester.userId);
  if (!row || hidden) throw new NotFoundError(`Subscription '${subscriptionId}' not found.`);
  return row;
}
