import { defineCommand } from "../command";
import { setSubscriptionState, STATE_COMMENT_OPTION } from "../set-subscription-state";

export const subscriptionsCancel = defineCommand({
  words: ["subscriptions", "cancel"],
  summary: "Cancel a subscription for good.",
  args: ["subscriptionId"],
  options: STATE_COMMENT_OPTION,
  async run(context, { args, options }) {
    await setSubscriptionState(context, args.subscriptionId, "cancelled", options.comment);
  },
});
