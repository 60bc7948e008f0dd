import type { subscriptions } from "@/db/schema/index";
import { isoDate } from "@/server/http/resource.schemas";
import type { SubscriptionContract } from "./subscription.schemas";

export type SubscriptionRow = typeof subscriptions.$inferSelect;

/** The management API's view of a stored subscription: never its keys. */
export function toSubscriptionContract(row: SubscriptionRow): SubscriptionContract {
  return {
    id: `/subscriptions/${row.id}`,
    name: row.id,
    properties: {
      scope: row.scope,
      displayName: row.displayName,
      ownerId: row.ownerId === null ? null : `/users/${row.ownerId}`,
      state: row.state,
      stateComment: row.stateComment,
      allowTracing: row.allowTracing,
      createdDate: row.createdAt.toISOString(),
      startDate: isoDate(row.startDate),
      expirationDate: isoDate(row.expirationDate),
      endDate: isoDate(row.endDate),
    },
  };
}
