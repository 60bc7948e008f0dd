import { defineCommand } from "../command";
import { segment, showResource } from "../show-resource";

export const subscriptionsShow = defineCommand({
  words: ["subscriptions", "show"],
  summary: "Show one subscription (without its keys).",
  args: ["subscriptionId"],
  options: {},
  json: true,
  async run(context, { args }) {
    showResource(context, await context.client().getResource(`/subscriptions/${segment(args.subscriptionId)}`));
  },
});
