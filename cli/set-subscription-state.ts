import type { CommandContext } from "./command";
import { closeConnectionsQuery } from "./close-connections-option";
import { parseResponse, resourceSchema } from "./http-client";
import { segment } from "./show-resource";

/** PATCHes a subscription's state (APIM's approve/suspend/cancel) and says what it is now. */
export async function setSubscriptionState(
  context: CommandContext,
  subscriptionId: string,
  state: "active" | "suspended" | "cancelled",
  comment: string | undefined,
  closeConnections = false,
): Promise<void> {
  const path = `/subscriptions/${segment(subscriptionId)}`;
  const properties: Record<string, unknown> = { state };
  if (comment !== undefined) properties.stateComment = comment;
  const response = await context.client().request("PATCH", `${path}${closeConnectionsQuery(closeConnections)}`, { properties });
  const subscription = parseResponse(resourceSchema, response.body, `PATCH ${path}`);
  context.out.line(`Subscription ${subscription.name} is ${String(subscription.properties.state)}.`);
}

export const STATE_COMMENT_OPTION = {
  comment: { type: "string", valueName: "<text>", description: "Why (kept as the subscription's state comment)" },
} as const;
