import { defineCommand } from "../command";
import { setSubscriptionState, STATE_COMMENT_OPTION } from "../set-subscription-state";

export const subscriptionsApprove = defineCommand({
  words: ["subscriptions", "approve"],
  summary: "Activate a submitted (or suspended) subscription.",
  args: ["subscriptionId"],
  options: STATE_COMMENT_OPTION,
  async run(context, { args, options }) {
    await setSubscriptionState(context, args.subscriptionId, "active", options.comment);
  },
});
