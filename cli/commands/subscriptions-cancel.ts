import { defineCommand } from "../command";
import { CLOSE_CONNECTIONS_OPTION } from "../close-connections-option";
import { setSubscriptionState, STATE_COMMENT_OPTION } from "../set-subscription-state";

export const subscriptionsCancel = defineCommand({
  words: ["subscriptions", "cancel"],
  summary: "Cancel a subscription for good.",
  args: ["subscriptionId"],
  options: { ...STATE_COMMENT_OPTION, ...CLOSE_CONNECTIONS_OPTION },
  async run(context, { args, options }) {
    await setSubscriptionState(context, args.subscriptionId, "cancelled", options.comment, options["close-connections"]);
  },
});
