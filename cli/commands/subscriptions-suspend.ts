import { defineCommand } from "../command";
import { CLOSE_CONNECTIONS_OPTION } from "../close-connections-option";
import { setSubscriptionState, STATE_COMMENT_OPTION } from "../set-subscription-state";

export const subscriptionsSuspend = defineCommand({
  words: ["subscriptions", "suspend"],
  summary: "Suspend a subscription: its keys stop working until it is approved again.",
  args: ["subscriptionId"],
  options: { ...STATE_COMMENT_OPTION, ...CLOSE_CONNECTIONS_OPTION },
  async run(context, { args, options }) {
    await setSubscriptionState(context, args.subscriptionId, "suspended", options.comment, options["close-connections"]);
  },
});
