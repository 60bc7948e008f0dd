import { defineCommand } from "../command";
import { segment } from "../show-resource";

export const subscriptionsDelete = defineCommand({
  words: ["subscriptions", "delete"],
  summary: "Delete a subscription; its keys stop working.",
  args: ["subscriptionId"],
  options: {},
  async run(context, { args }) {
    const response = await context.client().request("DELETE", `/subscriptions/${segment(args.subscriptionId)}`);
    context.out.line(
      response.status === 204 ? `No subscription ${args.subscriptionId}; nothing deleted.` : `Deleted subscription ${args.subscriptionId}.`,
    );
  },
});
